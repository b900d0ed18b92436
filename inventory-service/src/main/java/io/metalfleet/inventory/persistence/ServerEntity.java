package io.metalfleet.inventory.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A server row. Enrollment inserts rows in bulk with SQL (see ServerRepository), a single-server read is plain SQL (ServerReads); lists and edits go through Hibernate. */
@Entity
@Table(name = "servers")
public class ServerEntity {

    @Id
    public UUID uid;

    /** Enrollment order, assigned by the database; the key of list pages. */
    @Column(insertable = false, updatable = false)
    public long seq;

    public String id;

    public String region;

    public String project;

    @Column(name = "display_name")
    public String displayName;

    public String description;

    @Column(name = "bmc_address")
    public String bmcAddress;

    @Column(name = "bmc_endpoint")
    public String bmcEndpoint;

    public byte[] credentials;

    @Column(name = "credentials_key_id")
    public String credentialsKeyId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "hardware_specs")
    public Map<String, Object> hardwareSpecs;

    @Column(name = "provisioning_state")
    public String provisioningState;

    @Column(name = "health_status")
    public String healthStatus;

    @Column(name = "health_checked_at")
    public Instant healthCheckedAt;

    @Convert(converter = StringListJson.class)
    @Column(name = "health_failure_reasons")
    public List<String> healthFailureReasons;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> tags;

    public String persona;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;
}
