package io.metalfleet.provisioning.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.metalfleet.provisioning.persistence.OperationRepository.Operation;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The statements that record a batch of fleet results (and renew leases) are planned from the keys whatever the statistics say
 * of the items' states. The case that went wrong: the table's statistics, taken between operations, say no item is
 * running; the next operation's 3,000 items are then running when their results come. A join filtered on
 * {@code state = 'running'} was planned from those "few" running items, with the batch's unnest scanned again for each
 * of them (3,000 x 3,000 here; 10,000 x 5,000 in a fleet bench: 8-15 s a batch). No plan of these statements may scan
 * the unnest inside a nested loop. (On a database holding only this test's rows, the old statement's generic plan was
 * exactly that: a nested loop over the running items' index with the unnest inside; in the whole suite's database its
 * plan depends on the other tests' rows, so it is not asserted here.)
 */
@QuarkusTest
class ResultPlanTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final int ITEMS = 3000;

    @Inject
    Pool database;
    @Inject
    OperationRepository operations;

    @Test
    void shouldPlanTheResultStatementsFromTheBatchKeysWhenStatisticsSayNothingRuns() {
        // a history of finished operations, analysed while nothing runs
        String history = "op-h" + UUID.randomUUID().toString().substring(0, 10);
        database.preparedQuery("INSERT INTO operations (id, region, project, action, state, total, created_by, created_at)"
                + " VALUES ($1, 'us-test-1', 'project-plan', 'PowerCycle', 'succeeded', 30000, 'tester', now())")
                .execute(Tuple.of(history)).await().atMost(WAIT);
        database.preparedQuery("INSERT INTO operation_items (operation_id, server_id, state, owner, finished_at)"
                + " SELECT $1, 'server-h' || g, 'succeeded', 'replica-h', now() FROM generate_series(1, 30000) g")
                .execute(Tuple.of(history)).await().atMost(WAIT);
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            servers.add("server-p" + i);
        }
        String id = "op-p" + UUID.randomUUID().toString().substring(0, 10);
        Instant now = Instant.now();
        database.withTransaction(tx -> operations.insert(tx, new Operation(id, "us-test-1", "project-plan", "PowerCycle",
                null, null, null, "running", ITEMS, "tester", now, null), servers)).await().atMost(WAIT);
        database.query("ANALYZE operation_items").execute().await().atMost(WAIT);
        // then the operation's items all start running
        assertEquals(ITEMS, operations.claimAll(database, "replica-p", now, now.plusSeconds(120), Collections.nCopies(ITEMS, id),
                servers).await().atMost(WAIT).size());

        String[] ops = Collections.nCopies(ITEMS, id).toArray(new String[0]);
        String[] keys = servers.toArray(new String[0]);
        String[] states = Collections.nCopies(ITEMS, "succeeded").toArray(new String[0]);
        OffsetDateTime[] at = Collections.nCopies(ITEMS, now.atOffset(ZoneOffset.UTC)).toArray(new OffsetDateTime[0]);
        Long[] ms = Collections.nCopies(ITEMS, 2500L).toArray(new Long[0]);
        String[] powers = Collections.nCopies(ITEMS, "On").toArray(new String[0]);
        String[] errors = new String[ITEMS];

        for (boolean generic : new boolean[] { false, true }) {
            assertNoUnnestRescannedPerRow(plan(OperationRepository.LOCK_RESULT_ITEMS, Tuple.of(ops, keys), generic));
            assertNoUnnestRescannedPerRow(plan(OperationRepository.RECORD_RESULTS,
                    Tuple.from(new Object[] { ops, keys, states, at, ms, powers, errors }), generic));
            // the lease renewals lock the same items the same way
            assertNoUnnestRescannedPerRow(plan(OperationRepository.RENEW_LEASES,
                    Tuple.of("replica-p", now.plusSeconds(180).atOffset(ZoneOffset.UTC), ops, keys), generic));
        }
    }

    /**
     * The plan PostgreSQL chooses for {@code sql} with these parameters (EXPLAIN only: nothing is executed), planned for
     * these values ({@code generic} false) or, as a prepared statement is after a few executions, for any values.
     */
    private JsonObject plan(String sql, Tuple parameters, boolean generic) {
        // a generic plan does not depend on the values: the statement is prepared in SQL and explained with NULLs
        String nulls = String.join(", ", Collections.nCopies(parameters.size(), "NULL"));
        Object json = (generic
                ? database.withTransaction(tx -> tx.query("SET LOCAL plan_cache_mode = force_generic_plan").execute()
                        .chain(() -> tx.query("PREPARE plan_check AS " + sql).execute())
                        .chain(() -> tx.query("EXPLAIN (FORMAT JSON) EXECUTE plan_check(" + nulls + ")").execute())
                        .call(() -> tx.query("DEALLOCATE plan_check").execute()))
                : database.preparedQuery("EXPLAIN (FORMAT JSON) " + sql).execute(parameters))
                .await().atMost(WAIT).iterator().next().getValue(0);
        JsonArray plans = json instanceof JsonArray array ? array : new JsonArray(json.toString());
        return plans.getJsonObject(0).getJsonObject("Plan");
    }

    /** No nested loop whose inner side (its second child) is, or reads through, a scan of the unnest. */
    private static void assertNoUnnestRescannedPerRow(JsonObject node) {
        JsonArray children = node.getJsonArray("Plans", new JsonArray());
        if ("Nested Loop".equals(node.getString("Node Type")) && children.size() == 2) {
            assertTrue(!scansFunction(children.getJsonObject(1)),
                    () -> "the batch's unnest is scanned again for each row of the other side: " + node.encodePrettily());
        }
        for (int i = 0; i < children.size(); i++) {
            assertNoUnnestRescannedPerRow(children.getJsonObject(i));
        }
    }

    private static boolean scansFunction(JsonObject node) {
        if ("Function Scan".equals(node.getString("Node Type"))) {
            return true;
        }
        JsonArray children = node.getJsonArray("Plans", new JsonArray());
        for (int i = 0; i < children.size(); i++) {
            if (scansFunction(children.getJsonObject(i))) {
                return true;
            }
        }
        return false;
    }
}
