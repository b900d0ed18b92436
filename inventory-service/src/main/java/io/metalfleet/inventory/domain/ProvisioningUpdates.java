package io.metalfleet.inventory.domain;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.inventory.events.EventTypes;
import io.metalfleet.inventory.persistence.InboxRepository;
import io.metalfleet.inventory.persistence.ServerEntity;
import io.metalfleet.inventory.persistence.ServerReads;
import io.metalfleet.inventory.persistence.ServerWrites;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Applies what provisioning-service reports to the inventory: hardware found by inspection, health, power and lifecycle
 * state. Events come a poll at a time and a batch is applied in ONE transaction of the reactive pool: the inbox
 * records every CloudEvents id in one statement (an id seen before, in an earlier batch or earlier in this one, changes
 * nothing), the servers named are read and locked in one statement, the events are applied to those rows in memory in
 * their order (a server's events share a partition, so they come in the order provisioning wrote them), and the rows
 * are written back in one statement, the released ones deleted in another. Only transitions of the state table are
 * made; stale or unknown events change nothing.
 */
@ApplicationScoped
public class ProvisioningUpdates {

    private static final Logger LOG = Logger.getLogger(ProvisioningUpdates.class);

    @Inject
    Pool pool;
    @Inject
    InboxRepository inbox;
    @Inject
    ServerReads reads;
    @Inject
    ServerWrites writes;
    @Inject
    ObjectMapper json;

    /** One event of provisioning.servers: its CloudEvents id (the dedup key), type, subject and data. */
    public record Event(String id, String type, String subject, JsonNode data) {

        /** The server it is about: {@code data.serverId}, else the CloudEvents subject. */
        String serverId() {
            String id = data.path("serverId").asText(null);
            return id == null || id.isEmpty() ? subject : id;
        }
    }

    /** What one event did to its server's row. */
    private enum Outcome {
        UNCHANGED, CHANGED, REMOVED
    }

    /** Applies a batch in one transaction, in order; see the class comment. */
    public Uni<Void> applyAll(List<Event> events) {
        List<Event> distinct = new ArrayList<>(events.size());
        Set<String> ids = new HashSet<>();
        for (Event e : events) {
            if (ids.add(e.id())) {
                distinct.add(e);
            }
        }
        if (distinct.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return pool.withTransaction(tx -> inbox.recordFirstDeliveries(tx, distinct.stream().map(Event::id).toList(),
                distinct.stream().map(Event::type).toList(), now).chain(first -> {
                    List<Event> fresh = new ArrayList<>(first.size());
                    Set<String> serverIds = new TreeSet<>();
                    for (Event e : distinct) {
                        if (!first.contains(e.id())) {
                            LOG.debugf("event %s already applied", e.id());
                        } else if (e.serverId() == null || e.serverId().isEmpty()) {
                            LOG.warnf("event %s (%s) names no server; skipped", e.id(), e.type());
                        } else {
                            fresh.add(e);
                            serverIds.add(e.serverId());
                        }
                    }
                    return reads.lockByIds(tx, serverIds).chain(rows -> write(tx, applyInOrder(fresh, rows, now)));
                }));
    }

    /** The rows changed and the rows to remove once every event of the batch has been applied to them. */
    private record Changes(Map<String, ServerEntity> changed, Map<String, ServerEntity> removed) {
    }

    private Changes applyInOrder(List<Event> events, Map<String, ServerEntity> rows, Instant now) {
        Map<String, ServerEntity> changed = new LinkedHashMap<>();
        Map<String, ServerEntity> removed = new LinkedHashMap<>();
        for (Event e : events) {
            String serverId = e.serverId();
            ServerEntity row = rows.get(serverId);
            if (row == null || removed.containsKey(serverId)) {
                LOG.debugf("event %s for unknown server %s skipped", e.id(), serverId);
                continue;
            }
            switch (applyTo(row, e.type(), e.data(), now)) {
                case CHANGED -> changed.put(serverId, row);
                case REMOVED -> {
                    changed.remove(serverId);
                    removed.put(serverId, row);
                }
                case UNCHANGED -> {
                }
            }
        }
        return new Changes(changed, removed);
    }

    private Uni<Void> write(SqlClient tx, Changes changes) {
        return writes.updateStates(tx, changes.changed().values())
                .chain(() -> writes.delete(tx, changes.removed().values().stream().map(row -> row.uid).toList()));
    }

    private Outcome applyTo(ServerEntity row, String type, JsonNode data, Instant now) {
        Instant at = instant(data, now);
        switch (type) {
            case EventTypes.SERVER_INSPECTED -> {
                Map<String, Object> specs = new LinkedHashMap<>();
                JsonNode found = data.path("hardwareSpecs");
                for (String part : List.of("cpu", "ram", "gpu")) {
                    specs.put(part, found.path(part).isObject() ? json.convertValue(found.path(part),
                            new TypeReference<Map<String, Object>>() {
                            }) : Map.of());
                }
                row.hardwareSpecs = specs;
                setHealth(row, HealthState.HEALTHY, List.of(), at);
                moveTo(row, ProvisioningState.AVAILABLE);
            }
            case EventTypes.SERVER_INSPECTION_FAILED -> {
                setHealth(row, HealthState.UNHEALTHY, List.of("inspection failed: " + data.path("reason").asText("unknown")), at);
                moveTo(row, ProvisioningState.ERROR);
            }
            case EventTypes.SERVER_HEALTH_CHANGED -> {
                HealthState status = HealthState.fromApiName(data.path("status").asText()).orElse(null);
                if (status == null) {
                    LOG.warnf("health event for %s has unknown status %s; skipped", row.id, data.path("status").asText());
                    return Outcome.UNCHANGED;
                }
                List<String> reasons = new ArrayList<>();
                data.path("failureReasons").forEach(r -> reasons.add(r.asText()));
                setHealth(row, status, reasons, at);
            }
            case EventTypes.SERVER_POWER_CHANGED -> setHealth(row, HealthState.fromApiName(row.healthStatus)
                    .filter(h -> h != HealthState.UNREACHABLE && h != HealthState.UNKNOWN).orElse(HealthState.HEALTHY),
                    row.healthFailureReasons == null ? List.of() : row.healthFailureReasons, at);
            case EventTypes.SERVER_STATE_CHANGED -> {
                String name = data.path("provisioningState").asText();
                if (ProvisioningState.DELETING.apiName().equals(row.provisioningState)
                        && ("available".equals(name) || "released".equals(name))) {
                    // Provisioning has let go of a machine that was deleted while it held it.
                    return Outcome.REMOVED;
                }
                ProvisioningState.fromApiName(name).ifPresentOrElse(state -> moveTo(row, state),
                        () -> LOG.warnf("state event for %s has unknown state %s; skipped", row.id, name));
            }
            default -> {
                LOG.debugf("event type %s is not for inventory; skipped", type);
                return Outcome.UNCHANGED;
            }
        }
        row.updatedAt = now;
        return Outcome.CHANGED;
    }

    private static void moveTo(ServerEntity row, ProvisioningState next) {
        ProvisioningState current = ProvisioningState.fromApiName(row.provisioningState).orElse(ProvisioningState.ERROR);
        if (current == next) {
            return;
        }
        if (!current.canMoveTo(next)) {
            LOG.infof("server %s stays %s: %s is not a next state", row.id, current.apiName(), next.apiName());
            return;
        }
        row.provisioningState = next.apiName();
    }

    private static void setHealth(ServerEntity row, HealthState status, List<String> reasons, Instant at) {
        if (row.healthCheckedAt != null && at.isBefore(row.healthCheckedAt)) {
            return; // an older report than the one we have
        }
        row.healthStatus = status.apiName();
        row.healthFailureReasons = List.copyOf(reasons);
        row.healthCheckedAt = at;
    }

    private static Instant instant(JsonNode data, Instant fallback) {
        for (String field : List.of("checkedAt", "observedAt", "inspectedAt", "at")) {
            if (data.hasNonNull(field)) {
                try {
                    return Instant.parse(data.get(field).asText()).truncatedTo(ChronoUnit.MICROS);
                } catch (DateTimeParseException e) {
                    return fallback;
                }
            }
        }
        return fallback;
    }
}
