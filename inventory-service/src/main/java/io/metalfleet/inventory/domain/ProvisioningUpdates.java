package io.metalfleet.inventory.domain;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.inventory.events.EventTypes;
import io.metalfleet.inventory.persistence.InboxRepository;
import io.metalfleet.inventory.persistence.ServerEntity;
import io.metalfleet.inventory.persistence.ServerRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Applies what provisioning-service reports to the inventory: hardware found by inspection, health,
 * power and lifecycle state. Each event is applied once (inbox by CloudEvents id, in the same
 * transaction) and only along the state table; stale or unknown ones change nothing.
 */
@ApplicationScoped
public class ProvisioningUpdates {

    private static final Logger LOG = Logger.getLogger(ProvisioningUpdates.class);

    @Inject
    InboxRepository inbox;
    @Inject
    ServerRepository servers;
    @Inject
    ObjectMapper json;

    @WithTransaction
    public Uni<Void> apply(String eventId, String type, String subject, JsonNode data) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String serverId = data.path("serverId").asText(subject);
        return inbox.recordFirstDelivery(eventId, type, now).chain(first -> {
            if (!first) {
                LOG.debugf("event %s already applied", eventId);
                return Uni.createFrom().voidItem();
            }
            if (serverId == null || serverId.isEmpty()) {
                LOG.warnf("event %s (%s) names no server; skipped", eventId, type);
                return Uni.createFrom().voidItem();
            }
            return servers.findById(serverId).chain(row -> {
                if (row == null) {
                    LOG.debugf("event %s for unknown server %s skipped", eventId, serverId);
                    return Uni.createFrom().voidItem();
                }
                return applyTo(row, type, data, now);
            });
        });
    }

    private Uni<Void> applyTo(ServerEntity row, String type, JsonNode data, Instant now) {
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
                    return Uni.createFrom().voidItem();
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
                    return servers.delete(row);
                }
                ProvisioningState.fromApiName(name).ifPresentOrElse(state -> moveTo(row, state),
                        () -> LOG.warnf("state event for %s has unknown state %s; skipped", row.id, name));
            }
            default -> {
                LOG.debugf("event type %s is not for inventory; skipped", type);
                return Uni.createFrom().voidItem();
            }
        }
        row.updatedAt = now;
        return Uni.createFrom().voidItem();
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
