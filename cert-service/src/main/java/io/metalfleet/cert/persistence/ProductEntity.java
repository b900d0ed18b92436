package io.metalfleet.cert.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A product (seed 001). Neither its private key nor its identifier is stored; only the identifier's hash. */
@Entity
@Table(name = "products")
public class ProductEntity {

    @Id
    public UUID id;

    /** Creation order, assigned by the database; the order of list pages. */
    @Column(insertable = false, updatable = false)
    public long seq;

    @Column(name = "project_id")
    public String projectId;

    public String name;

    public String description;

    /** The seed's attributes map as JSON text. */
    public String attributes;

    /** The seed's tags array as JSON text. */
    public String tags;

    @Column(name = "ief_instance_id")
    public String iefInstanceId;

    @Column(name = "certificate_serial")
    public String certificateSerial;

    @Column(name = "identifier_hash")
    public String identifierHash;

    @Column(name = "created_at")
    public Instant createdAt;
}
