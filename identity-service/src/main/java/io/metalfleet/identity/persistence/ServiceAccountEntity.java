package io.metalfleet.identity.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A machine client using the client_credentials grant (secret kept as a peppered HMAC only). */
@Entity
@Table(name = "service_accounts")
public class ServiceAccountEntity {

    @Id
    @Column(name = "client_id")
    public String clientId;

    public String name;

    @Column(name = "secret_hash")
    public String secretHash;

    @Convert(converter = StringListJson.class)
    public List<String> roles;

    @Convert(converter = StringListJson.class)
    public List<String> projects;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_at")
    public Instant createdAt;
}
