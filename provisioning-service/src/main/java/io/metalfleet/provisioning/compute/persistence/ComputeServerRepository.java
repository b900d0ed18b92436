package io.metalfleet.provisioning.compute.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.metalfleet.provisioning.compute.domain.BuildPhase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * compute_servers. Every state change is guarded by the phase it leaves, so a step that finishes after a DELETE
 * moved the server on cannot move it back.
 */
@ApplicationScoped
public class ComputeServerRepository {

    private static final String COLUMNS = "id, project, name, status, progress, host_id, user_id, zone, image_id, image_name,"
            + " flavor_id, flavor_name, security_group_id, security_group_name, boot_method, boot_uri, addresses::text AS addresses,"
            + " access_ipv4, fault_code, fault_message, fault_details, fault_at, phase, phase_deadline, created_at, active_at,"
            + " updated_at";

    public Uni<Void> insert(SqlClient tx, ComputeServer s, String adminPassHash) {
        return tx.preparedQuery("INSERT INTO compute_servers (id, project, name, status, progress, host_id, user_id, zone,"
                + " image_id, image_name, flavor_id, flavor_name, security_group_id, security_group_name, boot_method, boot_uri,"
                + " admin_pass_hash, addresses, phase, phase_deadline, next_step_at, created_at, updated_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,"
                + " CAST(CAST($18 AS text) AS jsonb), $19, $20, $21, $22, $22)")
                .execute(Tuple.from(new Object[] { s.id(), s.project(), s.name(), s.status(), s.progress(), s.hostId(),
                        s.userId(), s.zone(), s.imageId(), s.imageName(), s.flavorId(), s.flavorName(), s.securityGroupId(),
                        s.securityGroupName(), s.bootMethod(), s.bootUri(), adminPassHash, s.addresses(), s.phase(),
                        at(s.phaseDeadline()), at(s.createdAt()), at(s.createdAt()) }))
                .replaceWithVoid();
    }

    public Uni<ComputeServer> find(SqlClient c, String project, String id) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM compute_servers WHERE project = $1 AND id = $2")
                .execute(Tuple.of(project, id)).map(ComputeServerRepository::first);
    }

    /** The row locked for the rest of the transaction (DELETE against a running step's completion). */
    public Uni<ComputeServer> lock(SqlClient tx, String project, String id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM compute_servers WHERE project = $1 AND id = $2 FOR UPDATE")
                .execute(Tuple.of(project, id)).map(ComputeServerRepository::first);
    }

    /** The server holding a machine (any phase before released), locked; null when none does. */
    public Uni<ComputeServer> holding(SqlClient tx, String machineId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM compute_servers WHERE host_id = $1 FOR UPDATE")
                .execute(Tuple.of(machineId)).map(ComputeServerRepository::first);
    }

    /** The account's servers, newest first; DELETED ones only when asked. */
    public Uni<List<ComputeServer>> list(SqlClient c, String project, boolean withDeleted, int limit) {
        return c.preparedQuery("SELECT " + COLUMNS + " FROM compute_servers WHERE project = $1"
                + (withDeleted ? "" : " AND status <> 'DELETED'") + " ORDER BY created_at DESC, id LIMIT $2")
                .execute(Tuple.of(project, limit)).map(ComputeServerRepository::all);
    }

    /**
     * Claims due steps for {@code owner} until {@code leaseUntil}: rows in a phase with work whose step is due and
     * not leased by a live replica. SKIP LOCKED: replicas claiming at once take different rows.
     */
    public Uni<List<ComputeServer>> claimDue(SqlClient c, String owner, Instant now, Instant leaseUntil, int limit) {
        return c.preparedQuery("UPDATE compute_servers SET lease_owner = $1, lease_until = $3 WHERE id IN ("
                + " SELECT id FROM compute_servers WHERE phase IN ('allocated', 'booting', 'releasing') AND next_step_at <= $2"
                + " AND (lease_until IS NULL OR lease_until < $2) ORDER BY next_step_at LIMIT $4 FOR UPDATE SKIP LOCKED)"
                + " RETURNING " + COLUMNS)
                .execute(Tuple.of(owner, at(now), at(leaseUntil), limit)).map(ComputeServerRepository::all);
    }

    /** Moves a server on from {@code from}; false when it had already left that phase (e.g. deleted meanwhile). */
    public Uni<Boolean> advance(SqlClient tx, String id, BuildPhase from, BuildPhase to, String status, int progress,
            Instant nextStepAt, Instant now) {
        return changed(tx.preparedQuery("UPDATE compute_servers SET phase = $3, status = COALESCE($4, status), progress = $5,"
                + " next_step_at = $6, lease_owner = NULL, lease_until = NULL, updated_at = $7,"
                + " active_at = CASE WHEN $4 = 'ACTIVE' THEN $7 ELSE active_at END WHERE id = $1 AND phase = $2")
                .execute(Tuple.from(new Object[] { id, from.column(), to.column(), status, progress, at(nextStepAt), at(now) })));
    }

    /** The step is not done yet: look again at {@code nextStepAt}, lease given back. */
    public Uni<Boolean> again(SqlClient c, String id, BuildPhase phase, Instant nextStepAt) {
        return changed(c.preparedQuery("UPDATE compute_servers SET next_step_at = $3, lease_owner = NULL, lease_until = NULL"
                + " WHERE id = $1 AND phase = $2").execute(Tuple.of(id, phase.column(), at(nextStepAt))));
    }

    /** The build failed: status UNKNOWN with the fault, the machine to be released. */
    public Uni<Boolean> failed(SqlClient tx, String id, BuildPhase from, ComputeServer.Fault fault, Instant now) {
        return changed(tx.preparedQuery("UPDATE compute_servers SET phase = 'releasing', status = 'UNKNOWN', fault_code = $3,"
                + " fault_message = $4, fault_details = $5, fault_at = $6, next_step_at = $6, phase_deadline = NULL,"
                + " lease_owner = NULL, lease_until = NULL, updated_at = $6 WHERE id = $1 AND phase = $2")
                .execute(Tuple.from(new Object[] { id, from.column(), fault.code(), fault.message(), fault.details(), at(now) })));
    }

    /** DELETE of a server holding its machine: status DELETED, the machine released by the worker at once. */
    public Uni<Void> deleted(SqlClient tx, String id, Instant now) {
        return tx.preparedQuery("UPDATE compute_servers SET status = 'DELETED', phase = 'releasing', next_step_at = $2,"
                + " phase_deadline = NULL, lease_owner = NULL, lease_until = NULL, updated_at = $2 WHERE id = $1")
                .execute(Tuple.of(id, at(now))).replaceWithVoid();
    }

    /** DELETE of a server whose machine is already being released (or was): only the status changes. */
    public Uni<Void> statusDeleted(SqlClient tx, String id, Instant now) {
        return tx.preparedQuery("UPDATE compute_servers SET status = 'DELETED' WHERE id = $1").execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** The machine is let go: host_id cleared so that it can be allocated again. */
    public Uni<Boolean> released(SqlClient tx, String id, Instant now) {
        return changed(tx.preparedQuery("UPDATE compute_servers SET phase = 'released', host_id = NULL, next_step_at = NULL,"
                + " lease_owner = NULL, lease_until = NULL, updated_at = $2 WHERE id = $1 AND phase = 'releasing'")
                .execute(Tuple.of(id, at(now))));
    }

    public Uni<Void> addresses(SqlClient tx, String id, String addressesJson, String accessIpv4) {
        return tx.preparedQuery("UPDATE compute_servers SET addresses = CAST(CAST($2 AS text) AS jsonb), access_ipv4 = $3 WHERE id = $1")
                .execute(Tuple.of(id, addressesJson, accessIpv4)).replaceWithVoid();
    }

    private static Uni<Boolean> changed(Uni<RowSet<Row>> update) {
        return update.map(rows -> rows.rowCount() == 1);
    }

    private static ComputeServer first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : read(rows.iterator().next());
    }

    private static List<ComputeServer> all(RowSet<Row> rows) {
        List<ComputeServer> servers = new ArrayList<>(rows.size());
        rows.forEach(r -> servers.add(read(r)));
        return servers;
    }

    private static ComputeServer read(Row r) {
        ComputeServer.Fault fault = r.getInteger("fault_code") == null ? null
                : new ComputeServer.Fault(r.getInteger("fault_code"), r.getString("fault_message"), r.getString("fault_details"),
                        instant(r, "fault_at"));
        return new ComputeServer(r.getString("id"), r.getString("project"), r.getString("name"), r.getString("status"),
                r.getInteger("progress"), r.getString("host_id"), r.getString("user_id"), r.getString("zone"),
                r.getString("image_id"), r.getString("image_name"), r.getString("flavor_id"), r.getString("flavor_name"),
                r.getString("security_group_id"), r.getString("security_group_name"), r.getString("boot_method"),
                r.getString("boot_uri"), r.getString("addresses"), r.getString("access_ipv4"), fault, r.getString("phase"),
                instant(r, "phase_deadline"), instant(r, "created_at"), instant(r, "active_at"), instant(r, "updated_at"));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime at(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
