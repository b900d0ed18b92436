package io.metalfleet.identity.api.dto;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.metalfleet.identity.persistence.ServiceAccountEntity;
import io.metalfleet.identity.persistence.UserEntity;

/** Request and response bodies of users and service accounts (the request records document the OpenAPI schema). */
public final class AccountViews {

    private AccountViews() {
    }

    @Schema(description = "A new user")
    public record NewUser(@Schema(required = true) String username,
            @Schema(required = true, description = "At least metalfleet.passwords.min-length characters; stored only as an Argon2id hash") String password,
            @Schema(required = true, description = "admin, operator and/or viewer") List<String> roles,
            @Schema(description = "Project ids the user may act in; [\"*\"] for all (default for admins)") List<String> projects) {
    }

    @Schema(description = "A new service account")
    public record NewServiceAccount(@Schema(required = true) String name, @Schema(required = true) List<String> roles,
            List<String> projects) {
    }

    @Schema(description = "A user (never its password)")
    public record User(String userId, String username, List<String> roles, List<String> projects, Instant createdAt) {

        public static User of(UserEntity u) {
            return new User(u.id, u.username, u.roles, u.projects, u.createdAt);
        }
    }

    @Schema(description = "A service account; clientSecret only in the creation response")
    public record ServiceAccount(String clientId, String name, List<String> roles, List<String> projects, Instant createdAt,
            @Schema(description = "Returned once, at creation") String clientSecret) {

        public static ServiceAccount of(ServiceAccountEntity a, String secret) {
            return new ServiceAccount(a.clientId, a.name, a.roles, a.projects, a.createdAt, secret);
        }
    }

    @Schema(description = "User ids")
    public record UserList(List<String> users) {
    }

    @Schema(description = "Service account client ids")
    public record ServiceAccountList(List<String> serviceAccounts) {
    }
}
