package io.metalfleet.cert.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One generation of a project's or a cluster's CA. The private key column holds ciphertext only. */
@Entity
@Table(name = "cas")
public class CaEntity {

    @Id
    public UUID id;

    @Column(name = "owner_type")
    public String ownerType;

    @Column(name = "owner_id")
    public String ownerId;

    public int generation;

    public String status;

    @Column(name = "key_algorithm")
    public String keyAlgorithm;

    public String subject;

    public String serial;

    @Column(name = "certificate_pem")
    public String certificatePem;

    @Column(name = "private_key")
    public byte[] privateKey;

    @Column(name = "key_id")
    public String keyId;

    @Column(name = "not_before")
    public Instant notBefore;

    @Column(name = "not_after")
    public Instant notAfter;

    @Column(name = "signs_from")
    public Instant signsFrom;

    @Column(name = "crl_number")
    public long crlNumber;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "retired_at")
    public Instant retiredAt;
}
