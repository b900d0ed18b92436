package io.metalfleet.identity.domain;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import io.metalfleet.identity.api.ApiException;
import io.metalfleet.identity.api.dto.RegistrationTokenView;
import io.metalfleet.identity.config.IdentityConfig;
import io.metalfleet.identity.persistence.RegistrationTokenEntity;
import io.metalfleet.identity.persistence.RegistrationTokenRepository;
import io.metalfleet.identity.security.SecretKeys;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Provider registration tokens: {@code <id>.<secret>}, the secret 256 random bits kept only as a
 * peppered HMAC. Single use: consumption locks the row in the registering transaction, so two
 * registrations racing with one token see one success, and a registration that fails later leaves
 * the token unused.
 */
@ApplicationScoped
public class RegistrationTokenService {

    @Inject
    RegistrationTokenRepository tokens;
    @Inject
    SecretKeys secrets;
    @Inject
    IdentityConfig config;

    /** Issues a token for {@code issuerUserId}; the plain token is returned once. */
    @WithTransaction
    public Uni<String> issue(String issuerUserId, Instant now) {
        RegistrationTokenEntity token = new RegistrationTokenEntity();
        token.id = SecretKeys.newId();
        String secret = SecretKeys.newSecret();
        token.secretHash = secrets.hash(secret);
        token.issuerUserId = issuerUserId;
        token.createdAt = now;
        token.expiresAt = now.plus(config.registration().tokenLifetime());
        return tokens.persist(token).map(saved -> saved.id + "." + secret);
    }

    @WithSession
    public Uni<List<RegistrationTokenView>> list(String issuerUserId, Instant now) {
        var query = issuerUserId == null ? tokens.find("order by createdAt desc")
                : tokens.find("issuerUserId = ?1 order by createdAt desc", issuerUserId);
        return query.list().map(rows -> rows.stream().map(row -> RegistrationTokenView.of(row, state(row, now))).toList());
    }

    /** Revokes a token; {@code issuerUserId} null means an admin (any token). */
    @WithTransaction
    public Uni<Void> revoke(String id, String issuerUserId, Instant now) {
        return tokens.findById(id).invoke(token -> {
            if (token == null || (issuerUserId != null && !issuerUserId.equals(token.issuerUserId))) {
                throw ApiException.notFound();
            }
            if (token.revokedAt == null) {
                token.revokedAt = now;
            }
        }).replaceWithVoid();
    }

    /**
     * Marks the token used by {@code providerId} inside the caller's transaction and returns its
     * issuer; 400 badValueToken for an unknown, revoked, used or expired token.
     */
    public Uni<String> consume(String presented, String providerId, Instant now) {
        int dot = presented.indexOf('.');
        if (dot <= 0 || dot == presented.length() - 1) {
            return Uni.createFrom().failure(ApiException.badValueToken("token", "invalid"));
        }
        String id = presented.substring(0, dot);
        String secret = presented.substring(dot + 1);
        return tokens.findById(id, LockModeType.PESSIMISTIC_WRITE).map(token -> {
            if (token == null || !secrets.matches(secret, token.secretHash)) {
                throw ApiException.badValueToken("token", "invalid");
            }
            String state = state(token, now);
            if (!"valid".equals(state)) {
                throw ApiException.badValueToken("token", state);
            }
            token.consumedAt = now;
            token.consumedBy = providerId;
            return token.issuerUserId;
        });
    }

    static String state(RegistrationTokenEntity token, Instant now) {
        if (token.revokedAt != null) {
            return "revoked";
        }
        if (token.consumedAt != null) {
            return "used";
        }
        if (!now.isBefore(token.expiresAt)) {
            return "expired";
        }
        return "valid";
    }
}
