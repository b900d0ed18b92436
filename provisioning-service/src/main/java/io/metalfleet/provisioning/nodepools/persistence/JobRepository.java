package io.metalfleet.provisioning.nodepools.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Node-pool jobs and their sub-jobs (one per node). Phases only move forward: every update names the phases it leaves. */
@ApplicationScoped
public class JobRepository {

    public static final String INITIALIZING = "Initializing";
    public static final String RUNNING = "Running";
    public static final String SUCCESS = "Success";
    public static final String FAILED = "Failed";

    public record Job(UUID id, String project, String clusterId, UUID poolId, String poolName, String type, String phase,
            String reason, Instant deadline, String createdBy, Instant createdAt, Instant updatedAt) {
    }

    public record JobNode(UUID jobId, String serverId, UUID subJobId, String nodeName, String phase, String reason,
            Instant updatedAt) {
    }

    private static final String SELECT_JOB = "SELECT id, project, cluster_id, pool_id, pool_name, type, phase, reason, deadline,"
            + " created_by, created_at, updated_at FROM np_jobs";

    public Uni<Void> insert(SqlClient tx, Job job, List<JobNode> nodes) {
        OffsetDateTime at = job.createdAt().atOffset(ZoneOffset.UTC);
        List<Tuple> rows = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            JobNode n = nodes.get(i);
            rows.add(Tuple.tuple(List.of(job.id(), n.serverId(), n.subJobId(), n.nodeName(), n.phase(), n.reason() == null ? "" : n.reason(),
                    i, at)));
        }
        return tx.preparedQuery("INSERT INTO np_jobs (id, project, cluster_id, pool_id, pool_name, type, phase, reason, deadline,"
                + " created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)")
                .execute(Tuple.tuple(java.util.Arrays.asList(job.id(), job.project(), job.clusterId(), job.poolId(), job.poolName(),
                        job.type(), job.phase(), job.reason() == null ? "" : job.reason(), job.deadline().atOffset(ZoneOffset.UTC),
                        job.createdBy(), at)))
                .chain(() -> tx.preparedQuery("INSERT INTO np_job_nodes (job_id, server_id, sub_job_id, node_name, phase, reason,"
                        + " position, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)").executeBatch(rows))
                .replaceWithVoid();
    }

    public Uni<Job> find(SqlClient client, String project, UUID id) {
        return client.preparedQuery(SELECT_JOB + " WHERE id = $1 AND project = $2").execute(Tuple.of(id, project)).map(JobRepository::first);
    }

    public Uni<Job> findById(SqlClient client, UUID id) {
        return client.preparedQuery(SELECT_JOB + " WHERE id = $1").execute(Tuple.of(id)).map(JobRepository::first);
    }

    public Uni<List<JobNode>> nodes(SqlClient client, UUID jobId) {
        return client.preparedQuery("SELECT job_id, server_id, sub_job_id, node_name, phase, reason, updated_at FROM np_job_nodes"
                + " WHERE job_id = $1 ORDER BY position").execute(Tuple.of(jobId)).map(rows -> {
                    List<JobNode> nodes = new ArrayList<>();
                    rows.forEach(r -> nodes.add(new JobNode(r.getUUID("job_id"), r.getString("server_id"), r.getUUID("sub_job_id"),
                            r.getString("node_name"), r.getString("phase"), r.getString("reason"),
                            r.getOffsetDateTime("updated_at").toInstant())));
                    return nodes;
                });
    }

    /** Initializing → Running for this job and all its sub-jobs; false when another replica did it first. */
    public Uni<Boolean> start(SqlClient tx, UUID jobId, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return tx.preparedQuery("UPDATE np_jobs SET phase = 'Running', updated_at = $2 WHERE id = $1 AND phase = 'Initializing'")
                .execute(Tuple.of(jobId, at)).chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : tx.preparedQuery("UPDATE np_job_nodes SET phase = 'Running', updated_at = $2 WHERE job_id = $1 AND phase = 'Initializing'")
                                .execute(Tuple.of(jobId, at)).replaceWith(true));
    }

    /** Moves open sub-jobs to a final phase; returns the ones that moved (a redelivered or late update moves none). */
    public Uni<List<String>> finishNodes(SqlClient tx, UUID jobId, List<String> serverIds, String phase, String reason, Instant now) {
        return tx.preparedQuery("UPDATE np_job_nodes SET phase = $3, reason = $4, updated_at = $5"
                + " WHERE job_id = $1 AND server_id = ANY($2) AND phase IN ('Initializing', 'Running') RETURNING server_id")
                .execute(Tuple.of(jobId, serverIds.toArray(new String[0]), phase, reason, now.atOffset(ZoneOffset.UTC)))
                .map(JobRepository::serverIds);
    }

    /** Every still open sub-job of the job to a final phase (the deadline). */
    public Uni<List<String>> finishOpenNodes(SqlClient tx, UUID jobId, String phase, String reason, Instant now) {
        return tx.preparedQuery("UPDATE np_job_nodes SET phase = $2, reason = $3, updated_at = $4"
                + " WHERE job_id = $1 AND phase IN ('Initializing', 'Running') RETURNING server_id")
                .execute(Tuple.of(jobId, phase, reason, now.atOffset(ZoneOffset.UTC))).map(JobRepository::serverIds);
    }

    /**
     * When no sub-job is open any more: the job ends Success (every node done) or Failed (any failed, with a reason
     * counting them). Returns the finished job, or null when it is still open or was finished before.
     */
    public Uni<Job> finishIfDone(SqlClient tx, UUID jobId, Instant now) {
        return tx.preparedQuery("WITH c AS (SELECT count(*) FILTER (WHERE phase IN ('Initializing', 'Running')) AS open,"
                + " count(*) FILTER (WHERE phase = 'Failed') AS failed, count(*) AS total FROM np_job_nodes WHERE job_id = $1)"
                + " UPDATE np_jobs j SET phase = CASE WHEN c.failed > 0 THEN 'Failed' ELSE 'Success' END,"
                + " reason = CASE WHEN c.failed > 0 THEN c.failed || ' of ' || c.total || ' nodes failed' ELSE '' END, updated_at = $2"
                + " FROM c WHERE j.id = $1 AND c.open = 0 AND j.phase IN ('Initializing', 'Running')"
                + " RETURNING j.id, j.project, j.cluster_id, j.pool_id, j.pool_name, j.type, j.phase, j.reason, j.deadline,"
                + " j.created_by, j.created_at, j.updated_at")
                .execute(Tuple.of(jobId, now.atOffset(ZoneOffset.UTC))).map(JobRepository::first);
    }

    /** Open jobs past their deadline, locked for this sweep (another replica skips them). */
    public Uni<List<UUID>> overdue(SqlClient tx, Instant now, int limit) {
        return tx.preparedQuery("SELECT id FROM np_jobs WHERE phase IN ('Initializing', 'Running') AND deadline < $1"
                + " ORDER BY deadline LIMIT $2 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), limit)).map(JobRepository::ids);
    }

    /** Jobs still Initializing since before {@code before}: their replica may have stopped before making the keys. */
    public Uni<List<UUID>> stuckInitializing(SqlClient client, Instant before, int limit) {
        return client.preparedQuery("SELECT id FROM np_jobs WHERE phase = 'Initializing' AND created_at < $1 ORDER BY created_at LIMIT $2")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit)).map(JobRepository::ids);
    }

    public Uni<Void> touch(SqlClient tx, UUID jobId, Instant now) {
        return tx.preparedQuery("UPDATE np_jobs SET updated_at = $2 WHERE id = $1")
                .execute(Tuple.of(jobId, now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    private static List<String> serverIds(RowSet<Row> rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getString("server_id")));
        return ids;
    }

    private static List<UUID> ids(RowSet<Row> rows) {
        List<UUID> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.getUUID("id")));
        return ids;
    }

    private static Job first(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row r = it.next();
        return new Job(r.getUUID("id"), r.getString("project"), r.getString("cluster_id"), r.getUUID("pool_id"),
                r.getString("pool_name"), r.getString("type"), r.getString("phase"), r.getString("reason"),
                r.getOffsetDateTime("deadline").toInstant(), r.getString("created_by"),
                r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant());
    }
}
