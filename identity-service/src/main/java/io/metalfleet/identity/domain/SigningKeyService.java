package io.metalfleet.identity.domain;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;

import io.metalfleet.identity.api.ApiException;
import io.metalfleet.identity.config.IdentityConfig;
import io.metalfleet.identity.persistence.SigningKeyEntity;
import io.metalfleet.identity.persistence.SigningKeyRepository;
import io.metalfleet.identity.security.KeyRing;
import io.metalfleet.identity.security.SecretKeys;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The issuer's key lifecycle: one active EC P-256 key signs; rotation makes a new active key and
 * leaves the previous one published (retiring) for the longest a token it signed can live, after
 * which it is retired (out of the JWKS, private key erased). Writes are SQL so that the order
 * "old key out of active, new key in" is the order PostgreSQL sees (one active key is a unique index).
 */
@ApplicationScoped
public class SigningKeyService {

    private static final Logger LOG = Logger.getLogger(SigningKeyService.class);

    @Inject
    SigningKeyRepository repository;
    @Inject
    KeyRing ring;
    @Inject
    SecretKeys secrets;
    @Inject
    IdentityConfig config;

    /** Makes a first key when there is none (another replica may win the race; then its key is used). */
    @WithTransaction
    public Uni<Void> ensureActive(Instant now) {
        return repository.active().chain(active -> active != null ? Uni.createFrom().voidItem() : insertActive(now, true));
    }

    /** Reloads this replica's ring from the database. */
    @WithSession
    public Uni<Void> reload() {
        return repository.published().invoke(ring::install).replaceWithVoid();
    }

    @WithSession
    public Uni<List<SigningKeyEntity>> list() {
        return repository.all();
    }

    /** A new active key; the previous one keeps verifying until every token it signed has expired. */
    public Uni<SigningKeyEntity> rotate(Instant now) {
        return Panache.withTransaction(() -> demoteActive(now).chain(() -> insertActive(now, false))
                .chain(() -> repository.active()))
                .call(this::reload);
    }

    /**
     * Takes a key out of the JWKS at once (a compromised key): tokens it signed are refused from now on.
     * Retiring the active key rotates first, so that the issuer keeps signing.
     */
    public Uni<Void> retire(String kid, Instant now) {
        return Panache.withTransaction(() -> repository.findById(kid).chain(key -> {
            if (key == null || SigningKeyEntity.RETIRED.equals(key.state)) {
                return Uni.createFrom().failure(ApiException.notFound());
            }
            Uni<Void> replaced = SigningKeyEntity.ACTIVE.equals(key.state)
                    ? demoteActive(now).chain(() -> insertActive(now, false))
                    : Uni.createFrom().voidItem();
            return replaced.chain(() -> markRetired("kid = :kid", kid, now));
        })).call(this::reload);
    }

    /** The schedule: rotate a key older than the rotation interval, retire keys past their window. */
    public Uni<Void> scheduledMaintenance(Instant now) {
        return Panache.withTransaction(() -> repository.active().chain(active -> {
            boolean due = active == null || !active.createdAt.plus(config.keys().rotationInterval()).isAfter(now);
            Uni<Void> rotated = due ? demoteActive(now).chain(() -> insertActive(now, false)) : Uni.createFrom().voidItem();
            return rotated.chain(() -> markRetired("state = 'retiring' AND publish_until <= :now", null, now))
                    .invoke(() -> {
                        if (due) {
                            LOG.info("signing key rotated on schedule");
                        }
                    });
        })).call(this::reload);
    }

    private Uni<Void> demoteActive(Instant now) {
        Instant until = now.plus(config.tokens().accessTokenLifetime()).plus(config.tokens().clockSkew());
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE signing_keys SET state = 'retiring', retired_at = :now, publish_until = :until WHERE state = 'active'")
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("until", until.atOffset(ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }

    private Uni<Void> markRetired(String where, String kid, Instant now) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery("UPDATE signing_keys SET state = 'retired', private_key = NULL,"
                    + " retired_at = COALESCE(retired_at, :now), publish_until = LEAST(COALESCE(publish_until, :now), :now)"
                    + " WHERE " + where)
                    .setParameter("now", now.atOffset(ZoneOffset.UTC));
            if (kid != null) {
                query.setParameter("kid", kid);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    /** ON CONFLICT DO NOTHING: at first start two replicas may both try; the unique index keeps one. */
    private Uni<Void> insertActive(Instant now, boolean firstKey) {
        NewKey key = generate();
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key, state, created_at)"
                        + " VALUES (:kid, 'ES256', :jwk, :pk, 'active', :now) ON CONFLICT DO NOTHING")
                .setParameter("kid", key.kid())
                .setParameter("jwk", key.publicJwk())
                .setParameter("pk", key.sealedPrivateKey())
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .invoke(inserted -> {
                    if (inserted == 1) {
                        LOG.infof("new signing key %s%s", key.kid(), firstKey ? " (first key)" : "");
                    }
                })
                .replaceWithVoid();
    }

    private record NewKey(String kid, String publicJwk, byte[] sealedPrivateKey) {
    }

    /** EC P-256; the kid is the key's RFC 7638 thumbprint. */
    private NewKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            EllipticCurveJsonWebKey jwk = (EllipticCurveJsonWebKey) PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            String kid = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
            jwk.setKeyId(kid);
            jwk.setUse("sig");
            jwk.setAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            byte[] sealed = secrets.encrypt(pair.getPrivate().getEncoded(), kid);
            return new NewKey(kid, jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), sealed);
        } catch (Exception e) {
            throw new IllegalStateException("signing key generation failed", e);
        }
    }
}
