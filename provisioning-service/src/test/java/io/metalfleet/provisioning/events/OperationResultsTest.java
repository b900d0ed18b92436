package io.metalfleet.provisioning.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.metalfleet.provisioning.domain.OperationResults;
import io.metalfleet.provisioning.persistence.OperationRepository;
import io.metalfleet.provisioning.persistence.OperationRepository.ItemResult;
import io.metalfleet.provisioning.persistence.OperationRepository.Operation;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Fleet-operation results written in batches, and an operation closed whatever the order its last items commit in. */
@QuarkusTest
class OperationResultsTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool database;
    @Inject
    OperationRepository operations;
    @Inject
    OperationResults results;

    /** An operation of {@code servers} items, every item claimed (running) by {@code owner}. */
    private String runningOperation(List<String> servers, String owner) {
        String id = "op-t" + UUID.randomUUID().toString().substring(0, 10);
        Instant now = Instant.now();
        Operation op = new Operation(id, "us-test-1", "project-results", "PowerCycle", null, null, null, "running",
                servers.size(), "tester", now, null);
        database.withTransaction(tx -> operations.insert(tx, op, servers)).await().atMost(WAIT);
        // leased for two minutes: an expired lease would let this app's takeover round take the item over
        List<OperationRepository.ClaimedItem> claimed = operations.claimAll(database, owner, now, now.plusSeconds(120),
                Collections.nCopies(servers.size(), id), servers).await().atMost(WAIT);
        assertEquals(servers.size(), claimed.size(), "every item claimed");
        claimed.forEach(item -> assertEquals(1, item.attempts(), "claimed once: " + item.command().serverId()));
        return id;
    }

    private Row operation(String id) {
        return database.preparedQuery("SELECT state, finished_at FROM operations WHERE id = $1").execute(Tuple.of(id))
                .await().atMost(WAIT).iterator().next();
    }

    @Test
    void shouldWriteManyResultsTogetherAndCloseTheOperation() {
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            servers.add("server-r" + i);
        }
        String id = runningOperation(servers, "replica-a");
        List<Uni<Void>> written = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            boolean ok = i != 7;
            written.add(results.record(new ItemResult(id, servers.get(i), "replica-a", ok ? "succeeded" : "failed", 1000 + i,
                    ok ? "On" : null, ok ? null : "timeout: GET /redfish/v1/Systems/1 timed out", Instant.now())));
        }
        Uni.join().all(written).andFailFast().await().atMost(WAIT);

        Row counts = database.preparedQuery("SELECT count(*) FILTER (WHERE state = 'succeeded') AS ok,"
                + " count(*) FILTER (WHERE state = 'failed') AS failed, count(*) FILTER (WHERE finished_at IS NULL) AS open"
                + " FROM operation_items WHERE operation_id = $1").execute(Tuple.of(id)).await().atMost(WAIT).iterator().next();
        assertEquals(299L, counts.getLong("ok"));
        assertEquals(1L, counts.getLong("failed"));
        assertEquals(0L, counts.getLong("open"));
        Row failed = database.preparedQuery("SELECT error, duration_ms FROM operation_items WHERE operation_id = $1 AND server_id = $2")
                .execute(Tuple.of(id, "server-r7")).await().atMost(WAIT).iterator().next();
        assertEquals("timeout: GET /redfish/v1/Systems/1 timed out", failed.getString("error"));
        assertEquals(1007L, failed.getLong("duration_ms"));
        Row op = operation(id);
        assertEquals("failed", op.getString("state"), "one item failed");
        assertNotNull(op.getOffsetDateTime("finished_at"));
    }

    @Test
    void shouldNotRecordAResultOfAnItemAnotherReplicaOwns() {
        String id = runningOperation(List.of("server-o1"), "replica-b");
        results.record(new ItemResult(id, "server-o1", "replica-stale", "succeeded", 5, "On", null, Instant.now()))
                .await().atMost(WAIT);
        assertEquals("running", database.preparedQuery("SELECT state FROM operation_items WHERE operation_id = $1")
                .execute(Tuple.of(id)).await().atMost(WAIT).iterator().next().getString("state"));
        assertEquals("running", operation(id).getString("state"));
    }

    @Test
    void shouldRenewOnlyTheLeasesOfItemsStillRunningOnTheirOwner() {
        String id = runningOperation(List.of("server-l1", "server-l2", "server-l3"), "replica-d");
        // l2 was taken over by another replica, l3 has its result already
        database.preparedQuery("UPDATE operation_items SET owner = 'replica-e' WHERE operation_id = $1 AND server_id = 'server-l2'")
                .execute(Tuple.of(id)).await().atMost(WAIT);
        results.record(new ItemResult(id, "server-l3", "replica-d", "succeeded", 5, "On", null, Instant.now())).await().atMost(WAIT);
        Instant extended = Instant.now().plusSeconds(3600);
        List<String> servers = List.of("server-l1", "server-l2", "server-l3");
        assertEquals(1, operations.renew(database, "replica-d", Collections.nCopies(3, id), servers, extended).await().atMost(WAIT));
        List<Instant> leases = new ArrayList<>();
        for (String server : servers) {
            leases.add(database.preparedQuery("SELECT lease_until FROM operation_items WHERE operation_id = $1 AND server_id = $2")
                    .execute(Tuple.of(id, server)).await().atMost(WAIT).iterator().next().getOffsetDateTime("lease_until").toInstant());
        }
        assertEquals(extended.toEpochMilli(), leases.get(0).toEpochMilli(), "ours and running: extended");
        assertTrue(leases.get(1).isBefore(extended.minusSeconds(3000)), "taken over elsewhere: untouched");
        assertTrue(leases.get(2).isBefore(extended.minusSeconds(3000)), "finished: untouched");
    }

    /**
     * The last two items of an operation finished in two transactions at once: each writes its item while the other's
     * is still uncommitted. The first commits only after the second has written its item; the operation must still
     * end (before, neither saw the other's item finished and it stayed running for good).
     */
    @Test
    void shouldCloseAnOperationWhoseLastItemsCommitTogether() {
        String id = runningOperation(List.of("server-x1", "server-x2"), "replica-c");
        Instant now = Instant.now();
        Uni<Void> first = database.withTransaction(tx -> operations.finishAll(tx,
                List.of(new ItemResult(id, "server-x1", "replica-c", "succeeded", 10, "On", null, now)))
                // holds its transaction open while the second one writes its item
                .onItem().delayIt().by(Duration.ofMillis(500)));
        Uni<Void> second = Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(100))
                .chain(() -> database.withTransaction(tx -> operations.finishAll(tx,
                        List.of(new ItemResult(id, "server-x2", "replica-c", "succeeded", 10, "On", null, now)))));
        Uni.join().all(first, second).andFailFast().await().atMost(WAIT);
        assertEquals("succeeded", operation(id).getString("state"));
    }
}
