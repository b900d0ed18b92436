package io.metalfleet.identity.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A provider registration token: single use, expiring, stored as a peppered HMAC of its secret. */
@Entity
@Table(name = "registration_tokens")
public class RegistrationTokenEntity {

    @Id
    public String id;

    @Column(name = "secret_hash")
    public String secretHash;

    @Column(name = "issuer_user_id")
    public String issuerUserId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "consumed_at")
    public Instant consumedAt;

    @Column(name = "consumed_by")
    public String consumedBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
