package io.metalfleet.identity.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The cluster of a provider: same id, removed with it (ON DELETE CASCADE). */
@Entity
@Table(name = "clusters")
public class ClusterEntity {

    public static final String ONEPROVIDER = "oneprovider";

    @Id
    public String id;

    public String type;

    @Column(name = "provider_id")
    public String providerId;

    @Column(name = "admin_user_id")
    public String adminUserId;

    @Column(name = "created_at")
    public Instant createdAt;
}
