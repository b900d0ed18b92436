package io.metalfleet.identity.security;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import io.metalfleet.identity.persistence.SigningKeyEntity;

/**
 * This replica's view of the issuer's keys: the one that signs (private key decrypted in memory
 * only) and the public keys published in the JWKS. Swapped whole, so readers never see half an update.
 */
@ApplicationScoped
public class KeyRing {

    /** The active signing key. */
    public record Signer(String kid, PrivateKey privateKey) {
    }

    private record Snapshot(Signer signer, Map<String, PublicKey> published, List<Map<String, Object>> jwks) {
    }

    @Inject
    SecretKeys secrets;

    private volatile Snapshot snapshot = new Snapshot(null, Map.of(), List.of());

    /** Installs the published keys as read from the database (the active one first). */
    public void install(List<SigningKeyEntity> keys) {
        Signer signer = null;
        Map<String, PublicKey> published = new LinkedHashMap<>();
        List<Map<String, Object>> jwks = new ArrayList<>();
        for (SigningKeyEntity key : keys) {
            try {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.publicJwk);
                published.put(key.kid, jwk.getPublicKey());
                jwks.add(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
                if (SigningKeyEntity.ACTIVE.equals(key.state) && key.privateKey != null) {
                    signer = new Signer(key.kid, privateKey(key));
                }
            } catch (JoseException e) {
                throw new IllegalStateException("signing key " + key.kid + " has an unreadable public JWK", e);
            }
        }
        Signer current = signer;
        snapshot = new Snapshot(current, Map.copyOf(published), List.copyOf(jwks));
    }

    public Optional<Signer> signer() {
        return Optional.ofNullable(snapshot.signer());
    }

    public Optional<PublicKey> publicKey(String kid) {
        return kid == null ? Optional.empty() : Optional.ofNullable(snapshot.published().get(kid));
    }

    /** The JWKS document: {@code {"keys":[…]}}. */
    public Map<String, Object> jwks() {
        return Map.of("keys", snapshot.jwks());
    }

    private PrivateKey privateKey(SigningKeyEntity key) {
        try {
            byte[] pkcs8 = secrets.decrypt(key.privateKey, key.kid);
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("signing key " + key.kid + " cannot be read", e);
        }
    }
}
