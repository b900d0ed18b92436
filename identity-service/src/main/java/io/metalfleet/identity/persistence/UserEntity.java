package io.metalfleet.identity.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user who signs in with a password (Argon2id hash only). */
@Entity
@Table(name = "users")
public class UserEntity {

    @Id
    public String id;

    public String username;

    @Column(name = "password_hash")
    public String passwordHash;

    @Convert(converter = StringListJson.class)
    public List<String> roles;

    @Convert(converter = StringListJson.class)
    public List<String> projects;

    @Column(name = "created_at")
    public Instant createdAt;
}
