package io.metalfleet.identity.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import io.metalfleet.identity.config.IdentityConfig;

/**
 * Signs access tokens with the active key: ES256, header {@code kid}, claims {@code iss aud sub
 * groups projects exp iat jti} (plus {@code upn} for a readable name) — the contract every service
 * of the suite verifies.
 */
@ApplicationScoped
public class TokenSigner {

    /** A signed token and when it expires. */
    public record SignedToken(String value, String kid, Instant expiresAt) {
    }

    @Inject
    KeyRing keys;
    @Inject
    IdentityConfig config;

    public SignedToken sign(String subject, String name, Collection<String> roles, Collection<String> projects, Instant now) {
        KeyRing.Signer signer = keys.signer().orElseThrow(() -> new IllegalStateException("no active signing key"));
        Duration lifetime = config.tokens().accessTokenLifetime();
        Instant expires = now.plus(lifetime);
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.issuer());
        claims.setAudience(config.audience());
        claims.setSubject(subject);
        claims.setClaim("upn", name);
        claims.setStringListClaim("groups", new ArrayList<>(roles));
        claims.setStringListClaim("projects", new ArrayList<>(projects));
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expires.getEpochSecond()));
        claims.setJwtId(UUID.randomUUID().toString());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signer.privateKey());
        jws.setKeyIdHeaderValue(signer.kid());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return new SignedToken(jws.getCompactSerialization(), signer.kid(), Instant.ofEpochSecond(expires.getEpochSecond()));
        } catch (JoseException e) {
            throw new IllegalStateException("token signing failed", e);
        }
    }
}
