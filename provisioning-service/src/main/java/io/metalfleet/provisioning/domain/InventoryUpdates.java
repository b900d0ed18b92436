package io.metalfleet.provisioning.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.persistence.InboxRepository;
import io.metalfleet.provisioning.persistence.ServerRecord;
import io.metalfleet.provisioning.persistence.ServerRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

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

    /** One event of inventory.servers: its CloudEvents id (the dedup key), type and data. */
    public record Event(String id, String type, JsonNode data) {
    }

    public Uni<Void> apply(String eventId, String type, JsonNode data) {
        return applyAll(List.of(new Event(eventId, type, data)));
    }

    /**
     * Applies a batch of events in one transaction, in their order (a server's events share a partition, so they come
     * in the order inventory wrote them): one inbox statement for the batch, and the enrollments between two other
     * events upserted together. An event seen before (by its id, in an earlier batch or earlier in this one) is
     * skipped. Inspections start after the commit.
     */
    public Uni<Void> applyAll(List<Event> events) {
        List<Event> distinct = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Event e : events) {
            if (e.data().path("serverId").asText(null) != null && ids.add(e.id())) {
                distinct.add(e);
            }
        }
        if (distinct.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        return pool.withTransaction(tx -> inbox.recordFirstDeliveries(tx, distinct.stream().map(Event::id).toList(),
                distinct.stream().map(Event::type).toList(), now).chain(first -> {
                    Map<String, ServerRecord> enrolled = new LinkedHashMap<>();
                    List<Supplier<Uni<Void>>> steps = new ArrayList<>();
                    Map<String, ServerRecord> pending = new LinkedHashMap<>();
                    for (Event e : distinct) {
                        if (!first.contains(e.id())) {
                            continue;
                        }
                        String serverId = e.data().path("serverId").asText();
                        if ("server.enrolled".equals(e.type())) {
                            ServerRecord record = enrolled(serverId, e.data());
                            // a later enrollment of the same server replaces an earlier one (one row per statement)
                            pending.put(serverId, record);
                            enrolled.put(serverId, record);
                            continue;
                        }
                        if (!e.type().equals("server.updated") && !e.type().equals("server.deleted")) {
                            continue; // recorded in the inbox, nothing to apply
                        }
                        // an update or deletion of any server: the enrollments before it are written first, in order
                        List<ServerRecord> before = List.copyOf(pending.values());
                        pending.clear();
                        if (e.type().equals("server.deleted")) {
                            enrolled.remove(serverId); // gone before its inspection could start
                        }
                        steps.add(() -> servers.upsertAll(tx, before, now));
                        steps.add(() -> applyOther(tx, serverId, e, now));
                    }
                    List<ServerRecord> rest = List.copyOf(pending.values());
                    steps.add(() -> servers.upsertAll(tx, rest, now));
                    return inOrder(steps).replaceWith(enrolled.values());
                })).invoke(enrolled -> enrolled.forEach(inspection::start)).replaceWithVoid();
    }

    /**
     * The steps one after the other, without one nested operator per step: a poll of 1,000 deletions (a fleet's
     * cleanup read after a restart) nested 2,000 and overflowed the event loop's stack at subscription, and the batch
     * was then never acknowledged.
     */
    private static Uni<Void> inOrder(List<Supplier<Uni<Void>>> steps) {
        return Multi.createFrom().iterable(steps).onItem().transformToUniAndConcatenate(Supplier::get).collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> applyOther(SqlClient tx, String serverId, Event e, Instant now) {
        JsonNode data = e.data();
        if (e.type().equals("server.updated")) {
            return servers.updateTagsPersonaState(tx, serverId, data.path("server").path("tags").toString(),
                    data.path("server").path("persona").asText(null), null, now);
        }
        return removals.deferIfHeld(tx, serverId, now).chain(held -> held ? Uni.createFrom().voidItem()
                : servers.delete(tx, serverId).invoke(() -> logout(data)));
    }

    /** The deleted server's BMC sessions are logged out: nothing of ours stays open on a released machine. */
    private void logout(JsonNode data) {
        String endpoint = data.path("bmcEndpoint").asText(null);
        if (endpoint != null) {
            try {
                java.net.URI uri = java.net.URI.create(endpoint);
                int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
                engine.connector().forget(uri.getHost() + ":" + port).subscribe().with(ok -> { }, e -> { });
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
