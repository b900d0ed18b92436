package io.metalfleet.provisioning.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.metalfleet.provisioning.persistence.OperationRepository;
import io.metalfleet.provisioning.persistence.OperationRepository.ClaimedItem;
import io.metalfleet.provisioning.persistence.OperationRepository.Operation;
import io.metalfleet.provisioning.persistence.ServerRecord;
import io.metalfleet.provisioning.persistence.ServerRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A poll's commands claimed in one statement: exactly the items that are this replica's to run come back, with the
 * operation's command and the server's BMC; done, cancelled, running elsewhere and unknown items do not, nor does a
 * command delivered again; two replicas claiming the same items at once share them without overlap.
 */
@QuarkusTest
class BatchClaimTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool database;
    @Inject
    OperationRepository operations;
    @Inject
    ServerRepository servers;

    private String operation(List<String> serverIds) {
        String id = "op-c" + UUID.randomUUID().toString().substring(0, 10);
        Operation op = new Operation(id, "us-test-1", "project-claims", "PowerCycle", "Pxe", "Once", null, "running",
                serverIds.size(), "tester", Instant.now(), null);
        database.withTransaction(tx -> operations.insert(tx, op, serverIds)).await().atMost(WAIT);
        return id;
    }

    /** A server of the read model, still being inspected (the power-state sync leaves it alone). */
    private void enroll(String id, String sealed) {
        servers.upsert(database, new ServerRecord(id, "us-test-1", "project-claims", "http://127.0.0.1:9", "fleet-1", sealed,
                "{}", null, "inspecting", null, null), Instant.now()).await().atMost(WAIT);
    }

    private void setItem(String operationId, String serverId, String state, String owner, Instant leaseUntil) {
        database.preparedQuery("UPDATE operation_items SET state = $3, owner = $4, attempts = 1, lease_until = $5"
                + " WHERE operation_id = $1 AND server_id = $2")
                .execute(Tuple.of(operationId, serverId, state, owner, leaseUntil == null ? null : leaseUntil.atOffset(ZoneOffset.UTC)))
                .await().atMost(WAIT);
    }

    private List<ClaimedItem> claim(String owner, String operationId, List<String> serverIds) {
        Instant now = Instant.now();
        return operations.claimAll(database, owner, now, now.plusSeconds(120), serverIds.stream().map(s -> operationId).toList(),
                serverIds).await().atMost(WAIT);
    }

    @Test
    void shouldClaimExactlyThePendingAndAbandonedItemsOfABatchWithTheirServers() {
        String pending = "server-cp" + UUID.randomUUID().toString().substring(0, 6);
        String deleted = "server-cd" + UUID.randomUUID().toString().substring(0, 6);
        String done = "server-cf" + UUID.randomUUID().toString().substring(0, 6);
        String elsewhere = "server-ce" + UUID.randomUUID().toString().substring(0, 6);
        String abandoned = "server-ca" + UUID.randomUUID().toString().substring(0, 6);
        String cancelled = "server-cc" + UUID.randomUUID().toString().substring(0, 6);
        List<String> all = List.of(pending, deleted, done, elsewhere, abandoned, cancelled);
        String op = operation(all);
        enroll(pending, "c2VhbGVkLXBlbmRpbmc=");
        enroll(done, "c2VhbGVkLWRvbmU=");
        enroll(elsewhere, "c2VhbGVkLWVsc2V3aGVyZQ==");
        enroll(abandoned, "c2VhbGVkLWFiYW5kb25lZA==");
        setItem(op, done, "succeeded", "replica-x", null);
        setItem(op, elsewhere, "running", "replica-x", Instant.now().plusSeconds(120));
        setItem(op, abandoned, "running", "replica-x", Instant.now().minusSeconds(1));
        setItem(op, cancelled, "cancelled", null, null);

        List<String> batch = new ArrayList<>(all);
        batch.add("server-unknown");
        Map<String, ClaimedItem> claimed = claim("replica-a", op, batch).stream()
                .collect(Collectors.toMap(c -> c.command().serverId(), c -> c, (a, b) -> a, TreeMap::new));

        assertEquals(new TreeMap<>(Map.of(pending, 1, deleted, 1, abandoned, 2)).keySet(), claimed.keySet(),
                "the pending items and the one whose lease ran out, nothing else");
        ClaimedItem first = claimed.get(pending);
        assertEquals(1, first.attempts());
        assertEquals(op, first.command().operationId());
        assertEquals("PowerCycle", first.command().action(), "the command comes from the operation's row");
        assertEquals("Pxe", first.command().bootTarget());
        assertEquals("Once", first.command().bootEnabled());
        assertEquals("http://127.0.0.1:9", first.bmcEndpoint());
        assertEquals("fleet-1", first.credentialsKeyId());
        assertEquals("c2VhbGVkLXBlbmRpbmc=", first.credentialsSealed(), "each item with its own server's credentials");
        assertEquals("c2VhbGVkLWFiYW5kb25lZA==", claimed.get(abandoned).credentialsSealed());
        assertEquals(2, claimed.get(abandoned).attempts(), "taken over: a second attempt");
        assertNull(claimed.get(deleted).bmcEndpoint(), "a server no longer enrolled is claimed and then fails, not left pending");

        Map<String, String> owners = new TreeMap<>();
        database.preparedQuery("SELECT server_id, state, owner FROM operation_items WHERE operation_id = $1").execute(Tuple.of(op))
                .await().atMost(WAIT).forEach(r -> owners.put(r.getString("server_id"), r.getString("state") + "/" + r.getString("owner")));
        assertEquals("running/replica-a", owners.get(pending));
        assertEquals("running/replica-a", owners.get(abandoned));
        assertEquals("succeeded/replica-x", owners.get(done), "a finished item is not touched");
        assertEquals("running/replica-x", owners.get(elsewhere), "an item leased elsewhere is not touched");
        assertEquals("cancelled/null", owners.get(cancelled));

        // the same poll delivered again (a rebalance): nothing is claimed twice, by this replica or another
        assertTrue(claim("replica-a", op, batch).isEmpty());
        assertTrue(claim("replica-b", op, batch).isEmpty());
    }

    @Test
    void shouldShareItemsClaimedByTwoReplicasAtOnceWithoutOverlap() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ids.add("server-cx" + i);
        }
        String op = operation(ids);
        // each replica's poll: every item, in opposite orders (their locks are still taken in key order)
        List<String> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        Instant now = Instant.now();
        List<List<ClaimedItem>> both = Uni.join().all(
                operations.claimAll(database, "replica-a", now, now.plusSeconds(120), ids.stream().map(s -> op).toList(), ids),
                operations.claimAll(database, "replica-b", now, now.plusSeconds(120), reversed.stream().map(s -> op).toList(), reversed))
                .andFailFast().await().atMost(WAIT);
        Set<String> a = both.get(0).stream().map(c -> c.command().serverId()).collect(Collectors.toSet());
        Set<String> b = both.get(1).stream().map(c -> c.command().serverId()).collect(Collectors.toSet());
        Set<String> overlap = new HashSet<>(a);
        overlap.retainAll(b);
        assertTrue(overlap.isEmpty(), "claimed by both: " + overlap);
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        assertEquals(new HashSet<>(ids), union, "every item claimed by one of them");
        long running = database.preparedQuery("SELECT count(*) AS n FROM operation_items WHERE operation_id = $1 AND state = 'running'"
                + " AND attempts = 1").execute(Tuple.of(op)).await().atMost(WAIT).iterator().next().getLong("n");
        assertEquals(400L, running, "each item claimed once");
    }
}
