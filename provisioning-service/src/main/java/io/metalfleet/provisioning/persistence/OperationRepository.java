package io.metalfleet.provisioning.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.metalfleet.provisioning.api.dto.OperationView;
import io.metalfleet.provisioning.domain.BmcCommand;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Operations and their items. Bulk writes are one statement each (unnest of arrays). */
@ApplicationScoped
public class OperationRepository {

    public record Operation(String id, String region, String project, String action, String bootTarget,
            String bootEnabled, String httpBootUri, String state, int total, String createdBy, Instant createdAt,
            Instant finishedAt) {
    }

    public Uni<Void> insert(SqlClient tx, Operation op, List<String> serverIds) {
        return tx.preparedQuery("INSERT INTO operations (id, region, project, action, boot_target, boot_enabled,"
                + " http_boot_uri, state, total, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)")
                .execute(Tuple.from(new Object[] { op.id(), op.region(), op.project(), op.action(), op.bootTarget(),
                        op.bootEnabled(), op.httpBootUri(), op.state(), op.total(), op.createdBy(), utc(op.createdAt()) }))
                .chain(() -> tx.preparedQuery("INSERT INTO operation_items (operation_id, server_id, state)"
                        + " SELECT $1, unnest($2::text[]), 'pending'")
                        .execute(Tuple.of(op.id(), serverIds.toArray(new String[0]))))
                .replaceWithVoid();
    }

    /** Ids of the project's servers among {@code ids} (the others are absent or of another project). */
    public Uni<List<String>> existing(SqlClient client, String region, String project, List<String> ids) {
        return client.preparedQuery("SELECT id FROM servers WHERE region = $1 AND project = $2 AND id = ANY($3)")
                .execute(Tuple.of(region, project, ids.toArray(new String[0])))
                .map(rows -> { List<String> found = new ArrayList<>(); rows.forEach(r -> found.add(r.getString("id"))); return found; });
    }

    public Uni<List<String>> select(SqlClient client, String region, String project, String tagsJson, String persona, String state) {
        return client.preparedQuery("SELECT id FROM servers WHERE region = $1 AND project = $2"
                + " AND ($3::text IS NULL OR tags::jsonb @> $3::text::jsonb) AND ($4::text IS NULL OR persona = $4)"
                + " AND ($5::text IS NULL OR provisioning_state = $5) ORDER BY id")
                .execute(Tuple.of(region, project, tagsJson, persona, state))
                .map(rows -> { List<String> found = new ArrayList<>(); rows.forEach(r -> found.add(r.getString("id"))); return found; });
    }

    public Uni<Operation> find(SqlClient client, String region, String project, String id) {
        return client.preparedQuery("SELECT * FROM operations WHERE id = $1 AND region = $2 AND project = $3")
                .execute(Tuple.of(id, region, project))
                .map(rows -> rows.size() == 0 ? null : operation(rows.iterator().next()));
    }

    public Uni<List<Operation>> list(SqlClient client, String region, String project, int limit) {
        return client.preparedQuery("SELECT * FROM operations WHERE region = $1 AND project = $2 ORDER BY created_at DESC LIMIT $3")
                .execute(Tuple.of(region, project, limit))
                .map(rows -> { List<Operation> ops = new ArrayList<>(); rows.forEach(r -> ops.add(operation(r))); return ops; });
    }

    public Uni<Map<String, Long>> counts(SqlClient client, String id) {
        return client.preparedQuery("SELECT state, count(*) AS n FROM operation_items WHERE operation_id = $1 GROUP BY state")
                .execute(Tuple.of(id)).map(rows -> {
                    Map<String, Long> counts = new LinkedHashMap<>();
                    for (String s : List.of("pending", "running", "succeeded", "failed", "cancelled")) {
                        counts.put(s, 0L);
                    }
                    rows.forEach(r -> counts.put(r.getString("state"), r.getLong("n")));
                    return counts;
                });
    }

    public Uni<List<OperationView.Result>> results(SqlClient client, String id) {
        return client.preparedQuery("SELECT server_id, state, attempts, duration_ms, power_state, error, owner FROM operation_items"
                + " WHERE operation_id = $1 ORDER BY server_id").execute(Tuple.of(id)).map(rows -> {
                    List<OperationView.Result> results = new ArrayList<>();
                    rows.forEach(r -> results.add(new OperationView.Result(r.getString("server_id"), r.getString("state"),
                            r.getInteger("attempts"), r.getLong("duration_ms"), r.getString("power_state"), r.getString("error"), r.getString("owner"))));
                    return results;
                });
    }

    /**
     * An item this replica claimed, with what running it needs: the operation's command (from the operation's row) and
     * the server's BMC endpoint and credentials, still sealed. {@code bmcEndpoint} is null when the server is no longer
     * enrolled.
     */
    public record ClaimedItem(BmcCommand command, int attempts, String bmcEndpoint, String credentialsKeyId,
            String credentialsSealed) {
    }

    /**
     * Claims for owner $1 at $2 until $3 the items {@code lockedItems} selects (operation_id, server_id, rows locked),
     * returning with each the operation's command and the server's BMC (left join: the server may be gone).
     */
    private static String claimLocked(String lockedItems) {
        return "UPDATE operation_items i SET state = 'running', owner = $1, attempts = i.attempts + 1, started_at = $2, lease_until = $3"
                + " FROM (" + lockedItems + ") c JOIN operations o ON o.id = c.operation_id LEFT JOIN servers s ON s.id = c.server_id"
                + " WHERE i.operation_id = c.operation_id AND i.server_id = c.server_id"
                + " RETURNING i.operation_id, i.server_id, i.attempts, o.action, o.boot_target, o.boot_enabled, o.http_boot_uri,"
                + " s.bmc_endpoint, s.credentials_key_id, s.credentials_sealed";
    }

    /**
     * Takes, in one statement, those of the items {@code (operationIds[i], serverIds[i])} that are this replica's to
     * run: pending, or running on a replica whose lease ran out; the others (done, cancelled, in hand elsewhere, or
     * unknown) are not returned. Rows are locked in key order, as the lease renewals and the result writes lock them
     * (no deadlock between the three); an item another transaction holds is waited for and checked again once it is
     * released, so of two replicas claiming one item exactly one gets it.
     */
    public Uni<List<ClaimedItem>> claimAll(SqlClient client, String owner, Instant now, Instant leaseUntil,
            List<String> operationIds, List<String> serverIds) {
        if (operationIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return client.preparedQuery(claimLocked("SELECT it.operation_id, it.server_id FROM operation_items it"
                + " JOIN unnest($4::text[], $5::text[]) AS k(operation_id, server_id)"
                + " ON it.operation_id = k.operation_id AND it.server_id = k.server_id"
                + " WHERE it.state = 'pending' OR (it.state = 'running' AND it.lease_until < $2)"
                + " ORDER BY it.operation_id, it.server_id FOR NO KEY UPDATE OF it"))
                .execute(Tuple.of(owner, utc(now), utc(leaseUntil), operationIds.toArray(new String[0]), serverIds.toArray(new String[0])))
                .map(OperationRepository::claimed);
    }

    /**
     * Takes over, for this replica, up to {@code limit} items of running operations that nobody is running: running
     * on a replica that stopped renewing its lease, or still pending although their operation was created before
     * {@code pendingBefore} (the command was lost before anyone claimed it). SKIP LOCKED: replicas sweeping at once
     * take different items, and a claim through a redelivered command either wins the row or finds it taken.
     */
    public Uni<List<ClaimedItem>> takeOver(SqlClient client, String owner, Instant now, Instant leaseUntil, Instant pendingBefore, int limit) {
        return client.preparedQuery(claimLocked("SELECT it.operation_id, it.server_id FROM operation_items it"
                + " JOIN operations op ON op.id = it.operation_id WHERE op.state = 'running'"
                + " AND ((it.state = 'running' AND it.lease_until < $2) OR (it.state = 'pending' AND op.created_at < $4))"
                + " LIMIT $5 FOR UPDATE OF it SKIP LOCKED"))
                .execute(Tuple.of(owner, utc(now), utc(leaseUntil), utc(pendingBefore), limit))
                .map(OperationRepository::claimed);
    }

    private static List<ClaimedItem> claimed(RowSet<Row> rows) {
        List<ClaimedItem> claimed = new ArrayList<>(rows.size());
        for (Row r : rows) {
            claimed.add(new ClaimedItem(new BmcCommand(r.getString("operation_id"), r.getString("server_id"), r.getString("action"),
                    r.getString("boot_target"), r.getString("boot_enabled"), r.getString("http_boot_uri")), r.getInteger("attempts"),
                    r.getString("bmc_endpoint"), r.getString("credentials_key_id"), r.getString("credentials_sealed")));
        }
        return claimed;
    }

    /** Extends this replica's leases on the items it is running (the others of its items are left to expire). */
    public Uni<Integer> renew(SqlClient client, String owner, List<String> operationIds, List<String> serverIds, Instant leaseUntil) {
        // rows locked in key order (the subquery), as the result writes do: two multi-row updates of the same items in
        // different orders deadlocked at 10,000 servers
        return client.preparedQuery(RENEW_LEASES)
                .execute(Tuple.of(owner, utc(leaseUntil), operationIds.toArray(new String[0]), serverIds.toArray(new String[0])))
                .map(rows -> {
                    int renewed = 0;
                    for (Row row : rows) {
                        renewed += Boolean.TRUE.equals(row.getBoolean("renewed")) ? 1 : 0;
                    }
                    return renewed;
                });
    }

    /**
     * Extends to $2 the leases of owner $1 on the items ($3 operation ids, $4 server ids) it still runs; each row
     * returned says whether its lease was extended. The items are found and locked by key alone, and owner and state
     * are checked in the SET: filtered on {@code state = 'running'} (in the subquery or on the UPDATE's rows), the
     * statement was planned from the items the statistics call running — a handful after an ANALYZE between
     * operations — with the key list scanned again for each of them (ResultPlanTest). An item not ours keeps its lease.
     */
    static final String RENEW_LEASES = "UPDATE operation_items i"
            + " SET lease_until = CASE WHEN i.owner = $1 AND i.state = 'running' THEN $2 ELSE i.lease_until END"
            + " WHERE (i.operation_id, i.server_id) IN"
            + " (SELECT it.operation_id, it.server_id FROM operation_items it"
            + " JOIN unnest($3::text[], $4::text[]) AS k(operation_id, server_id)"
            + " ON it.operation_id = k.operation_id AND it.server_id = k.server_id"
            + " ORDER BY it.operation_id, it.server_id FOR NO KEY UPDATE OF it)"
            + " RETURNING i.owner = $1 AND i.state = 'running' AS renewed";

    /** Locks a batch's items in key order ($1 operation ids, $2 server ids) and reads whose they are. */
    static final String LOCK_RESULT_ITEMS = "SELECT operation_id, server_id, owner, state FROM operation_items"
            + " WHERE (operation_id, server_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))"
            + " ORDER BY operation_id, server_id FOR NO KEY UPDATE";

    /** Writes the results of items found by key ($1 operation ids, $2 server ids, then state, at, ms, power, error). */
    static final String RECORD_RESULTS = "UPDATE operation_items i SET state = u.state, finished_at = u.at, duration_ms = u.ms,"
            + " power_state = u.power, error = u.error"
            + " FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[], $6::text[], $7::text[])"
            + " AS u(op, server, state, at, ms, power, error)"
            + " WHERE i.operation_id = u.op AND i.server_id = u.server";

    /** The end of one item on the replica that ran it. */
    public record ItemResult(String operationId, String serverId, String owner, String state, long durationMs,
            String powerState, String error, Instant finishedAt) {
    }

    /**
     * Writes many items' results in one statement (items still running on their owner only), the servers' power
     * states in another, then closes the operations that have no item left. Runs in the caller's transaction.
     *
     * <p>Every statement finds the items by their key alone. Which ones are still this owner's to record is read with
     * the rows' locks and decided here: a join of the results with {@code state = 'running'} in its condition let the
     * planner start from the items the statistics call running — a handful, after an ANALYZE between operations — and
     * scan the whole list of results once per item, which took 8-15 s for a batch of 2,000-5,000 results at 10,000
     * BMCs, long after the engine was done, and held the operation open that long.
     */
    public Uni<Void> finishAll(SqlClient tx, List<ItemResult> results) {
        if (results.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = results.size();
        String[] ops = new String[n], servers = new String[n];
        Map<String, String> powerByServer = new LinkedHashMap<>();
        java.util.TreeSet<String> operationIds = new java.util.TreeSet<>();
        Instant latest = Instant.EPOCH;
        for (int i = 0; i < n; i++) {
            ItemResult r = results.get(i);
            ops[i] = r.operationId();
            servers[i] = r.serverId();
            if (r.powerState() != null) {
                powerByServer.put(r.serverId(), r.powerState());
            }
            operationIds.add(r.operationId());
            latest = r.finishedAt().isAfter(latest) ? r.finishedAt() : latest;
        }
        Instant closedAt = latest;
        // the rows are locked in key order first: the lease renewals lock the same items in the same order (an
        // UPDATE … FROM unnest locks in whatever order its join yields, and two such updates deadlocked)
        return tx.preparedQuery(LOCK_RESULT_ITEMS)
                .execute(Tuple.of(ops, servers))
                .chain(locked -> recordOwned(tx, results, locked))
                .chain(() -> powerByServer.isEmpty() ? Uni.createFrom().voidItem()
                        : tx.preparedQuery("UPDATE servers s SET power_state = u.power FROM unnest($1::text[], $2::text[])"
                                + " AS u(id, power) WHERE s.id = u.id AND s.id IN (SELECT id FROM servers WHERE id = ANY($1)"
                                + " ORDER BY id FOR NO KEY UPDATE)")
                                .execute(Tuple.of(powerByServer.keySet().toArray(new String[0]), powerByServer.values().toArray(new String[0])))
                                .replaceWithVoid())
                .chain(() -> closeIfDone(tx, List.copyOf(operationIds), closedAt));
    }

    /** Writes the results whose item is locked as running on the result's owner (the others were taken over or ended). */
    private static Uni<Void> recordOwned(SqlClient tx, List<ItemResult> results, RowSet<Row> locked) {
        Map<List<String>, String> runningOwner = new java.util.HashMap<>();
        for (Row row : locked) {
            if ("running".equals(row.getString("state"))) {
                runningOwner.put(List.of(row.getString("operation_id"), row.getString("server_id")), row.getString("owner"));
            }
        }
        List<ItemResult> owned = new ArrayList<>(results.size());
        for (ItemResult r : results) {
            if (r.owner().equals(runningOwner.get(List.of(r.operationId(), r.serverId())))) {
                owned.add(r);
            }
        }
        if (owned.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = owned.size();
        String[] ops = new String[n], servers = new String[n], states = new String[n], powers = new String[n],
                errors = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        Long[] ms = new Long[n];
        for (int i = 0; i < n; i++) {
            ItemResult r = owned.get(i);
            ops[i] = r.operationId();
            servers[i] = r.serverId();
            states[i] = r.state();
            powers[i] = r.powerState();
            errors[i] = r.error();
            at[i] = utc(r.finishedAt());
            ms[i] = r.durationMs();
        }
        return tx.preparedQuery(RECORD_RESULTS)
                .execute(Tuple.from(new Object[] { ops, servers, states, at, ms, powers, errors }))
                .replaceWithVoid();
    }

    public Uni<Integer> cancel(SqlClient tx, String operationId, Instant now) {
        return tx.preparedQuery("UPDATE operation_items SET state = 'cancelled', finished_at = $2 WHERE operation_id = $1 AND state = 'pending'")
                .execute(Tuple.of(operationId, utc(now))).map(r -> r.rowCount())
                .call(() -> closeIfDone(tx, List.of(operationId), now));
    }

    /**
     * An operation ends when no item is pending or running: failed if any failed, cancelled if any was, else succeeded.
     * The operations are locked first, in their own statement: two transactions finishing an operation's last items
     * at once would each see the other's item still running (neither committed) and neither would close it; locked,
     * the second one waits for the first to commit and its check (a new statement, a new snapshot) sees it.
     */
    Uni<Void> closeIfDone(SqlClient tx, List<String> operationIds, Instant now) {
        String[] ids = operationIds.toArray(new String[0]);
        return tx.preparedQuery("SELECT id FROM operations WHERE id = ANY($1) AND state = 'running' ORDER BY id FOR NO KEY UPDATE")
                .execute(Tuple.of((Object) ids))
                .chain(() -> tx.preparedQuery("UPDATE operations o SET finished_at = $2, state = CASE"
                        + " WHEN EXISTS (SELECT 1 FROM operation_items WHERE operation_id = o.id AND state = 'failed') THEN 'failed'"
                        + " WHEN EXISTS (SELECT 1 FROM operation_items WHERE operation_id = o.id AND state = 'cancelled') THEN 'cancelled'"
                        + " ELSE 'succeeded' END"
                        + " WHERE o.id = ANY($1) AND o.state = 'running'"
                        + " AND NOT EXISTS (SELECT 1 FROM operation_items WHERE operation_id = o.id AND state IN ('pending', 'running'))")
                        .execute(Tuple.of(ids, utc(now))))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static Operation operation(Row r) {
        OffsetDateTime finished = r.getOffsetDateTime("finished_at");
        return new Operation(r.getString("id"), r.getString("region"), r.getString("project"), r.getString("action"),
                r.getString("boot_target"), r.getString("boot_enabled"), r.getString("http_boot_uri"), r.getString("state"),
                r.getInteger("total"), r.getString("created_by"), r.getOffsetDateTime("created_at").toInstant(),
                finished == null ? null : finished.toInstant());
    }
}
