package io.metalfleet.inventory.persistence;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** The default BMC credentials of a project, used for items enrolled without their own. */
@Entity
@Table(name = "project_bmc_credentials")
@IdClass(ProjectCredentialsEntity.Key.class)
public class ProjectCredentialsEntity {

    @Id
    public String region;

    @Id
    public String project;

    @Column(name = "username_hint")
    public String usernameHint;

    public byte[] credentials;

    @Column(name = "credentials_key_id")
    public String credentialsKeyId;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static class Key implements Serializable {
        public String region;
        public String project;

        public Key() {
        }

        public Key(String region, String project) {
            this.region = region;
            this.project = project;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(region, key.region) && Objects.equals(project, key.project);
        }

        @Override
        public int hashCode() {
            return Objects.hash(region, project);
        }
    }
}
