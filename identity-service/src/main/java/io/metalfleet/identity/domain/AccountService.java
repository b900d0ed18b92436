package io.metalfleet.identity.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.identity.api.ApiException;
import io.metalfleet.identity.api.JsonFields;
import io.metalfleet.identity.api.dto.AccountViews;
import io.metalfleet.identity.config.IdentityConfig;
import io.metalfleet.identity.persistence.ServiceAccountEntity;
import io.metalfleet.identity.persistence.ServiceAccountRepository;
import io.metalfleet.identity.persistence.UserEntity;
import io.metalfleet.identity.persistence.UserRepository;
import io.metalfleet.identity.security.PasswordHasher;
import io.metalfleet.identity.security.SecretKeys;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Users (password sign-in) and service accounts (client credentials), created by admins; the first admin from config. */
@ApplicationScoped
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);
    private static final List<String> ROLES = List.of("admin", "operator", "viewer");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{1,63}");
    private static final Pattern PROJECT = Pattern.compile("\\*|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    @Inject
    UserRepository users;
    @Inject
    ServiceAccountRepository accounts;
    @Inject
    PasswordHasher passwords;
    @Inject
    SecretKeys secrets;
    @Inject
    IdentityConfig config;

    /** The configured admin, created when no user of that name exists (the password is hashed, never logged). */
    public Uni<Void> bootstrapAdmin(Instant now) {
        String username = config.bootstrap().adminUsername();
        return Panache.withSession(() -> users.count("username", username)).chain(existing -> existing > 0
                ? Uni.createFrom().voidItem()
                : passwords.hash(config.bootstrap().adminPassword()).chain(hash -> Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> session.createNativeQuery("INSERT INTO users (id, username, password_hash, roles, projects, created_at)"
                                + " VALUES (:id, :username, :hash, '[\"admin\"]', '[\"*\"]', :now) ON CONFLICT (username) DO NOTHING")
                                .setParameter("id", SecretKeys.newId()).setParameter("username", username)
                                .setParameter("hash", hash).setParameter("now", now.atOffset(java.time.ZoneOffset.UTC))
                                .executeUpdate())))
                        .invoke(inserted -> LOG.infof("bootstrap admin %s %s", username, inserted == 1 ? "created" : "already present"))
                        .replaceWithVoid());
    }

    public Uni<AccountViews.User> createUser(JsonNode body, Instant now) {
        JsonFields fields = JsonFields.of(body, Set.of("username", "password", "roles", "projects"));
        String username = fields.requiredString("username");
        if (!USERNAME.matcher(username).matches()) {
            throw ApiException.badValueIdentifier("username");
        }
        String password = fields.requiredString("password");
        if (password.length() < config.passwords().minLength() || password.length() > 1024) {
            throw ApiException.badValuePassword("password", config.passwords().minLength());
        }
        List<String> roles = roles(fields);
        List<String> projects = projects(fields, roles);
        return Panache.withSession(() -> users.count("username", username)).invoke(taken -> {
            if (taken > 0) {
                throw ApiException.identifierOccupied("username");
            }
        }).chain(() -> passwords.hash(password)).chain(hash -> Panache.withTransaction(() -> {
            UserEntity user = new UserEntity();
            user.id = SecretKeys.newId();
            user.username = username;
            user.passwordHash = hash;
            user.roles = roles;
            user.projects = projects;
            user.createdAt = now;
            return users.persist(user);
        })).onFailure(e -> String.valueOf(e.getMessage()).contains("users_username_key"))
                .transform(e -> ApiException.identifierOccupied("username"))
                .map(AccountViews.User::of);
    }

    @WithSession
    public Uni<AccountViews.User> user(String id) {
        return users.findById(id).map(user -> {
            if (user == null) {
                throw ApiException.notFound();
            }
            return AccountViews.User.of(user);
        });
    }

    @WithSession
    public Uni<AccountViews.UserList> users() {
        return users.listAll().map(list -> new AccountViews.UserList(list.stream().map(u -> u.id).sorted().toList()));
    }

    @WithTransaction
    public Uni<Void> deleteUser(String id) {
        return users.deleteById(id).invoke(deleted -> {
            if (!deleted) {
                throw ApiException.notFound();
            }
        }).replaceWithVoid();
    }

    @WithTransaction
    public Uni<AccountViews.ServiceAccount> createServiceAccount(JsonNode body, String createdBy, Instant now) {
        JsonFields fields = JsonFields.of(body, Set.of("name", "roles", "projects"));
        String name = fields.requiredString("name");
        if (!USERNAME.matcher(name).matches()) {
            throw ApiException.badValueIdentifier("name");
        }
        List<String> roles = roles(fields);
        ServiceAccountEntity account = new ServiceAccountEntity();
        account.clientId = "sa-" + SecretKeys.newId().substring(0, 16);
        String secret = SecretKeys.newSecret();
        account.name = name;
        account.secretHash = secrets.hash(secret);
        account.roles = roles;
        account.projects = projects(fields, roles);
        account.createdBy = createdBy;
        account.createdAt = now;
        return accounts.persist(account).map(saved -> AccountViews.ServiceAccount.of(saved, secret));
    }

    @WithSession
    public Uni<AccountViews.ServiceAccountList> serviceAccounts() {
        return accounts.listAll().map(list -> new AccountViews.ServiceAccountList(list.stream().map(a -> a.clientId).sorted().toList()));
    }

    @WithTransaction
    public Uni<Void> deleteServiceAccount(String clientId) {
        return accounts.deleteById(clientId).invoke(deleted -> {
            if (!deleted) {
                throw ApiException.notFound();
            }
        }).replaceWithVoid();
    }

    private static List<String> roles(JsonFields fields) {
        List<String> roles = fields.optionalStringList("roles", ApiException.badValueListOfStrings("roles"));
        if (roles == null || roles.isEmpty()) {
            throw ApiException.missingRequiredValue("roles");
        }
        for (String role : roles) {
            if (!ROLES.contains(role)) {
                throw ApiException.badValueNotAllowed("roles", ROLES);
            }
        }
        return roles.stream().distinct().toList();
    }

    private static List<String> projects(JsonFields fields, List<String> roles) {
        List<String> projects = fields.optionalStringList("projects", ApiException.badValueListOfStrings("projects"));
        if (projects == null || projects.isEmpty()) {
            return roles.contains("admin") ? List.of("*") : List.of();
        }
        for (String project : projects) {
            if (!PROJECT.matcher(project).matches()) {
                throw ApiException.badValueIdentifier("projects");
            }
        }
        return projects.stream().distinct().toList();
    }
}
