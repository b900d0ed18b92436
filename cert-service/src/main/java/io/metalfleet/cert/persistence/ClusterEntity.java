package io.metalfleet.cert.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A cluster as identity-service announced it: the read model this service needs (its domain). */
@Entity
@Table(name = "clusters")
public class ClusterEntity {

    @Id
    @Column(name = "cluster_id")
    public String clusterId;

    @Column(name = "provider_id")
    public String providerId;

    public String domain;

    @Column(name = "admin_user_id")
    public String adminUserId;

    @Column(name = "registered_at")
    public Instant registeredAt;
}
