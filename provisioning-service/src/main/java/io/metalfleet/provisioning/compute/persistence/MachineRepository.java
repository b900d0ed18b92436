package io.metalfleet.provisioning.compute.persistence;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.metalfleet.provisioning.compute.persistence.Catalog.Flavor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The machines (the servers read model) as compute sees them: what can be allocated, and their state while held. */
@ApplicationScoped
public class MachineRepository {

    /** A machine held by a server: how to reach its BMC (credentials still sealed) and what inspection found. */
    public record Machine(String id, String bmcEndpoint, String credentialsKeyId, String credentialsSealed, String hardware,
            boolean removalPending) {
    }

    /**
     * Claims the smallest available inspected machine of the project that has at least the flavor's hardware, and marks
     * it provisioning, in the caller's transaction. The row lock with SKIP LOCKED means concurrent creates each get a
     * different machine (a machine another transaction is claiming is skipped, not waited for). Null when none is left.
     */
    public Uni<Machine> claim(SqlClient tx, String project, Flavor flavor, Instant now) {
        return tx.preparedQuery("SELECT " + MACHINE + " FROM servers WHERE project = $1 AND provisioning_state = 'available' AND hardware IS NOT NULL"
                + " AND " + CORES + " >= $2 AND " + RAM + " >= $3 AND " + GPUS + " >= $4"
                + " AND ($5::text IS NULL OR strpos(lower(COALESCE(hardware #>> '{hardwareSpecs,gpu,model}', '')), lower($5)) > 0)"
                + " ORDER BY " + GPUS + ", " + CORES + ", " + RAM + ", id LIMIT 1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(project, flavor.cpuCores(), flavor.ramGiB(), flavor.gpuCount(), flavor.gpuModel()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Machine m = machine(rows.iterator().next());
                    return state(tx, m.id(), "provisioning", now).replaceWith(m);
                });
    }

    public Uni<Machine> find(SqlClient c, String id) {
        return c.preparedQuery("SELECT " + MACHINE + " FROM servers WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : machine(rows.iterator().next()));
    }

    public Uni<Void> state(SqlClient tx, String id, String provisioningState, Instant now) {
        return tx.preparedQuery("UPDATE servers SET provisioning_state = $2, updated_at = $3 WHERE id = $1")
                .execute(Tuple.of(id, provisioningState, now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    /** The power state the compute steps confirmed, so that the power-state sync does not report it as an outside change. */
    public Uni<Void> powerState(SqlClient tx, String id, String powerState) {
        return tx.preparedQuery("UPDATE servers SET power_state = $2 WHERE id = $1").execute(Tuple.of(id, powerState))
                .replaceWithVoid();
    }

    /** Inventory deleted the machine while a server holds it: removed once released. */
    public Uni<Void> markRemoval(SqlClient tx, String id) {
        return tx.preparedQuery("UPDATE servers SET removal_pending = true WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> remove(SqlClient tx, String id) {
        return tx.preparedQuery("DELETE FROM servers WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    private static final String MACHINE = "id, bmc_endpoint, credentials_key_id, credentials_sealed, hardware::text AS hardware,"
            + " removal_pending";
    private static final String CORES = "COALESCE((hardware #>> '{hardwareSpecs,cpu,cores}')::int, 0)";
    private static final String RAM = "COALESCE((hardware #>> '{hardwareSpecs,ram,totalGiB}')::int, 0)";
    private static final String GPUS = "COALESCE((hardware #>> '{hardwareSpecs,gpu,count}')::int, 0)";

    private static Machine machine(Row r) {
        return new Machine(r.getString("id"), r.getString("bmc_endpoint"), r.getString("credentials_key_id"),
                r.getString("credentials_sealed"), r.getString("hardware"), r.getBoolean("removal_pending"));
    }
}
