package io.metalfleet.inventory.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metalfleet.inventory.api.ApiException;
import io.metalfleet.inventory.api.dto.BmcCredentialsInput;
import io.metalfleet.inventory.api.dto.DefaultCredentialsView;
import io.metalfleet.inventory.api.dto.ServerList;
import io.metalfleet.inventory.api.dto.ServerView;
import io.metalfleet.inventory.api.dto.UpdateServerRequest;
import io.metalfleet.inventory.config.InventoryConfig;
import io.metalfleet.inventory.events.EventTypes;
import io.metalfleet.inventory.events.ServerEvents;
import io.metalfleet.inventory.persistence.OutboxRepository;
import io.metalfleet.inventory.persistence.ProjectCredentialsEntity;
import io.metalfleet.inventory.persistence.ProjectCredentialsRepository;
import io.metalfleet.inventory.persistence.ServerEntity;
import io.metalfleet.inventory.persistence.ServerReads;
import io.metalfleet.inventory.persistence.ServerRepository;
import io.metalfleet.inventory.persistence.ServerWrites;
import io.metalfleet.inventory.persistence.ServerRepository.PageKey;
import io.metalfleet.inventory.persistence.ServerRepository.ServerFilter;
import io.metalfleet.inventory.security.BmcCredentials;
import io.metalfleet.inventory.security.CredentialCipher;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Reading, editing and deleting enrolled servers. Every change writes its event to the outbox in the same transaction. */
@ApplicationScoped
public class ServerService {

    @Inject
    ServerRepository servers;
    @Inject
    ServerReads reads;
    @Inject
    ServerWrites writes;
    @Inject
    Pool pool;
    @Inject
    ProjectCredentialsRepository projectCredentials;
    @Inject
    OutboxRepository outbox;
    @Inject
    ServerEvents events;
    @Inject
    CredentialCipher cipher;
    @Inject
    InventoryConfig config;

    /** What a delete did: removed at once, or marked deleting until provisioning releases the machine. */
    public record Deletion(boolean removed, ServerView server) {
    }

    /** The hot read: on the pool directly, no Hibernate session (see ServerReads). */
    public Uni<ServerView> get(String region, String project, String id) {
        if (!ServerIds.isWellFormed(id)) {
            throw notFound(id);
        }
        return reads.findInProject(region, project, id).map(row -> {
            if (row == null) {
                throw notFound(id);
            }
            return ServerViews.of(row);
        });
    }

    @WithSession
    public Uni<ServerList> list(String region, String project, ServerFilter filter, Integer pageSize, String pageToken) {
        int size = pageSize == null || pageSize == 0 ? config.paging().defaultPageSize() : pageSize;
        if (size < 0) {
            throw ApiException.badRequest("pageSize", "must not be negative");
        }
        size = Math.min(size, config.paging().maxPageSize());
        int fingerprint = Objects.hash(region, project, filter.provisioningState(), filter.persona(),
                filter.healthStatus(), new TreeMap<>(filter.tags()));
        PageKey after = pageToken == null || pageToken.isEmpty() ? null : PageTokens.decode(pageToken, fingerprint);
        int limit = size;
        return servers.page(region, project, filter, after, limit + 1).map(rows -> {
            List<ServerView> page = new ArrayList<>(Math.min(rows.size(), limit));
            for (int i = 0; i < rows.size() && i < limit; i++) {
                page.add(ServerViews.of(rows.get(i)));
            }
            String next = null;
            if (rows.size() > limit) {
                ServerEntity last = rows.get(limit - 1);
                next = PageTokens.encode(new PageKey(last.seq), fingerprint);
            }
            return new ServerList(page, next);
        });
    }

    @WithTransaction
    public Uni<ServerView> update(String region, String project, String id, UpdateServerRequest patch) {
        if (patch == null || patch.isEmpty()) {
            throw ApiException.badRequest("body", "give at least one of displayName, description, tags, persona");
        }
        return found(region, project, id).chain(row -> {
            if (ProvisioningState.DELETING.apiName().equals(row.provisioningState)) {
                throw ApiException.conflict("server " + id + " is being deleted");
            }
            List<String> changed = new ArrayList<>();
            if (patch.displayName() != null && !patch.displayName().equals(row.displayName)) {
                row.displayName = patch.displayName();
                changed.add("displayName");
            }
            if (patch.description() != null && !patch.description().equals(row.description)) {
                row.description = patch.description();
                changed.add("description");
            }
            if (patch.tags() != null && !patch.tags().equals(row.tags)) {
                row.tags = Map.copyOf(patch.tags());
                changed.add("tags");
            }
            if (patch.persona() != null && !patch.persona().equals(row.persona)) {
                row.persona = patch.persona();
                changed.add("persona");
            }
            if (changed.isEmpty()) {
                return Uni.createFrom().item(ServerViews.of(row));
            }
            Instant now = now();
            row.updatedAt = now;
            ServerView view = ServerViews.of(row);
            return outbox.append(UUID.randomUUID(), EventTypes.SERVERS_TOPIC, row.id, EventTypes.SERVER_UPDATED,
                    events.updated(region, project, view, changed), now).replaceWith(view);
        });
    }

    /**
     * On a transaction of the reactive pool, not in a Hibernate session: the row is locked (a second delete of the same
     * server waits, then finds it gone: 404), changed and its event written in three statements. Through Hibernate
     * Reactive sessions, many deletes at once left some transactions with their DELETE done and no COMMIT: the entity
     * delete, flushed at commit, completed on another event loop than the one its session was opened on (HR000069),
     * the session neither committed nor rolled back, its connection stayed idle in transaction holding the row lock,
     * and the pool ran dry (ConcurrentWritesTest).
     */
    public Uni<Deletion> delete(String region, String project, String id) {
        if (!ServerIds.isWellFormed(id)) {
            throw notFound(id);
        }
        return pool.withTransaction(tx -> reads.lockInProject(tx, region, project, id).chain(row -> {
            if (row == null) {
                return Uni.createFrom().failure(notFound(id));
            }
            ProvisioningState state = ProvisioningState.fromApiName(row.provisioningState).orElse(ProvisioningState.ERROR);
            if (state == ProvisioningState.DELETING) {
                return Uni.createFrom().item(new Deletion(false, ServerViews.of(row)));
            }
            Instant now = now();
            boolean awaitRelease = state.heldByProvisioning();
            if (awaitRelease) {
                row.provisioningState = ProvisioningState.DELETING.apiName();
                row.updatedAt = now;
            }
            ServerView view = ServerViews.of(row);
            Uni<Void> change = awaitRelease
                    ? writes.markDeleting(tx, row.uid, row.provisioningState, now.atOffset(ZoneOffset.UTC))
                    : writes.delete(tx, List.of(row.uid));
            return change.chain(() -> outbox.append(tx, UUID.randomUUID(), EventTypes.SERVERS_TOPIC, row.id,
                    EventTypes.SERVER_DELETED, events.deleted(region, project, view, row.bmcEndpoint, awaitRelease, now), now))
                    .replaceWith(new Deletion(!awaitRelease, view));
        }));
    }

    @WithTransaction
    public Uni<DefaultCredentialsView> setDefaultCredentials(String region, String project, BmcCredentialsInput input) {
        return projectCredentials.forProject(region, project).chain(existing -> {
            ProjectCredentialsEntity row = existing != null ? existing : new ProjectCredentialsEntity();
            row.region = region;
            row.project = project;
            row.usernameHint = input.username();
            row.credentials = cipher.encryptAtRest(new BmcCredentials(input.username(), input.password()),
                    region + "/" + project);
            row.credentialsKeyId = CredentialCipher.AT_REST_KEY_ID;
            row.updatedAt = now();
            Uni<ProjectCredentialsEntity> saved = existing != null ? Uni.createFrom().item(row) : projectCredentials.persist(row);
            return saved.map(r -> new DefaultCredentialsView(r.usernameHint, true, r.updatedAt));
        });
    }

    @WithSession
    public Uni<DefaultCredentialsView> defaultCredentials(String region, String project) {
        return projectCredentials.forProject(region, project).map(row -> row == null
                ? new DefaultCredentialsView(null, false, null)
                : new DefaultCredentialsView(row.usernameHint, true, row.updatedAt));
    }

    private Uni<ServerEntity> found(String region, String project, String id) {
        if (!ServerIds.isWellFormed(id)) {
            throw notFound(id);
        }
        return servers.findInProject(region, project, id).onItem().ifNull().failWith(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("server " + id + " not found");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
