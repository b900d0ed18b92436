package io.metalfleet.identity.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One signing key of the issuer: active (signs), retiring (published only), retired (gone from the JWKS). */
@Entity
@Table(name = "signing_keys")
public class SigningKeyEntity {

    public static final String ACTIVE = "active";
    public static final String RETIRING = "retiring";
    public static final String RETIRED = "retired";

    @Id
    public String kid;

    public String algorithm;

    @Column(name = "public_jwk")
    public String publicJwk;

    /** AES-256-GCM ciphertext of the PKCS#8 key, associated data = kid. */
    @Column(name = "private_key")
    public byte[] privateKey;

    public String state;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    @Column(name = "publish_until")
    public Instant publishUntil;
}
