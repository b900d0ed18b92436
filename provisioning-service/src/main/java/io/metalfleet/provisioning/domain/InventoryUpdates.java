package io.metalfleet.provisioning.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.persistence.InboxRepository;
import io.metalfleet.provisioning.persistence.ServerRecord;
import io.metalfleet.provisioning.persistence.ServerRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Applies inventory's events to the servers read model, each once (inbox in the same transaction).
 * An enrollment starts an inspection after its transaction commits. A deleted machine that a server on demand holds
 * is released before it goes ({@code MachineRemovals}).
 */
@ApplicationScoped
public class InventoryUpdates {

    @Inject
    Pool pool;
    @Inject
    InboxRepository inbox;
    @Inject
    ServerRepository servers;
    @Inject
    InspectionService inspection;
    @Inject
    io.metalfleet.provisioning.compute.domain.MachineRemovals removals;
    @Inject
    io.metalfleet.provisioning.redfish.RedfishEngine engine;

    public Uni<Void> apply(String eventId, String type, JsonNode data) {
        String serverId = data.path("serverId").asText(null);
        if (serverId == null) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        return pool.withTransaction(tx -> inbox.recordFirstDelivery(tx, eventId, type, now).chain(first -> {
            if (!first) {
                return Uni.createFrom().item(false);
            }
            return switch (type) {
                case "server.enrolled" -> servers.upsert(tx, enrolled(serverId, data), now).replaceWith(true);
                case "server.updated" -> servers.updateTagsPersonaState(tx, serverId, data.path("server").path("tags").toString(),
                        data.path("server").path("persona").asText(null), null, now).replaceWith(false);
                case "server.deleted" -> removals.deferIfHeld(tx, serverId, now).chain(held -> held ? Uni.createFrom().voidItem()
                        : servers.delete(tx, serverId).invoke(() -> logout(data))).replaceWith(false);
                default -> Uni.createFrom().item(false);
            };
        })).invoke(enrolled -> {
            if (enrolled) {
                inspection.start(serverId);
            }
        }).replaceWithVoid();
    }

    /** The deleted server's BMC sessions are logged out: nothing of ours stays open on a released machine. */
    private void logout(JsonNode data) {
        String endpoint = data.path("bmcEndpoint").asText(null);
        if (endpoint != null) {
            try {
                java.net.URI uri = java.net.URI.create(endpoint);
                int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
                engine.connector().sessions().evictHost(uri.getHost() + ":" + port).subscribe().with(ok -> { }, e -> { });
            } catch (IllegalArgumentException e) {
                // not an endpoint we could have talked to
            }
        }
    }

    private static ServerRecord enrolled(String serverId, JsonNode data) {
        JsonNode bmc = data.path("bmc");
        JsonNode credentials = bmc.path("credentials");
        JsonNode server = data.path("server");
        return new ServerRecord(serverId, data.path("region").asText(), data.path("project").asText(),
                bmc.path("endpoint").asText(), credentials.path("keyId").asText(null),
                credentials.path("ciphertext").asText(null), server.path("tags").isMissingNode() ? "{}" : server.path("tags").toString(),
                server.path("persona").asText(null), "inspecting", null, null);
    }
}
