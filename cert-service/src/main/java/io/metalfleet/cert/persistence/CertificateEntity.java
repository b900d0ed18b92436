package io.metalfleet.cert.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A certificate issued under one of our CAs (public material only). */
@Entity
@Table(name = "certificates")
public class CertificateEntity {

    @Id
    public String serial;

    @Column(name = "ca_id")
    public UUID caId;

    public String kind;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "cluster_id")
    public String clusterId;

    @Column(name = "product_id")
    public UUID productId;

    @Column(name = "node_name")
    public String nodeName;

    public String subject;

    /** JSON array of "DNS:…"/"IP:…" as text (Hibernate Reactive reads jsonb only as objects). */
    public String sans;

    @Column(name = "public_key_sha256")
    public String publicKeySha256;

    @Column(name = "not_before")
    public Instant notBefore;

    @Column(name = "not_after")
    public Instant notAfter;

    @Column(name = "certificate_pem")
    public String certificatePem;

    public String status;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revocation_reason")
    public Integer revocationReason;

    @Column(name = "renewed_from")
    public String renewedFrom;

    @Column(name = "created_at")
    public Instant createdAt;
}
