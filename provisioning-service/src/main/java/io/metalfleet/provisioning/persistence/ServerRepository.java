package io.metalfleet.provisioning.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The servers read model. Every method takes the connection (or transaction) to run on. */
@ApplicationScoped
public class ServerRepository {

    private static final String COLUMNS = "id, region, project, bmc_endpoint, credentials_key_id, credentials_sealed,"
            + " tags, persona, provisioning_state, power_state, tls_fingerprint";

    public Uni<Void> upsert(SqlClient tx, ServerRecord s, Instant now) {
        return upsertAll(tx, List.of(s), now);
    }

    /**
     * Inserts or replaces many servers in one statement (a batch of enrollments: one round trip, not one per
     * server). The ids must be distinct: PostgreSQL refuses to update one row twice in a statement.
     */
    public Uni<Void> upsertAll(SqlClient tx, List<ServerRecord> records, Instant now) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = records.size();
        String[][] columns = new String[11][n];
        for (int i = 0; i < n; i++) {
            ServerRecord s = records.get(i);
            String[] row = { s.id(), s.region(), s.project(), s.bmcEndpoint(), s.credentialsKeyId(), s.credentialsSealed(),
                    s.tags(), s.persona(), s.provisioningState(), s.powerState(), s.tlsFingerprint() };
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
        }
        Object[] parameters = new Object[12];
        System.arraycopy(columns, 0, parameters, 0, 11);
        parameters[11] = now.atOffset(ZoneOffset.UTC);
        return tx.preparedQuery("INSERT INTO servers (" + COLUMNS + ", updated_at)"
                + " SELECT u.*, $12 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
                + " $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])"
                + " AS u(id, region, project, bmc_endpoint, credentials_key_id, credentials_sealed, tags, persona,"
                + " provisioning_state, power_state, tls_fingerprint)"
                + " ON CONFLICT (id) DO UPDATE SET region = EXCLUDED.region, project = EXCLUDED.project,"
                + " bmc_endpoint = EXCLUDED.bmc_endpoint, credentials_key_id = EXCLUDED.credentials_key_id,"
                + " credentials_sealed = EXCLUDED.credentials_sealed, tags = EXCLUDED.tags, persona = EXCLUDED.persona,"
                + " provisioning_state = EXCLUDED.provisioning_state, updated_at = EXCLUDED.updated_at")
                .execute(Tuple.from(parameters))
                .replaceWithVoid();
    }

    public Uni<ServerRecord> find(SqlClient client, String id) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM servers WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : record(rows.iterator().next()));
    }

    public Uni<Void> updateTagsPersonaState(SqlClient tx, String id, String tags, String persona, String state, Instant now) {
        return tx.preparedQuery("UPDATE servers SET tags = $2, persona = $3, provisioning_state = COALESCE($4, provisioning_state),"
                + " updated_at = $5 WHERE id = $1")
                .execute(Tuple.of(id, tags, persona, state, now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    /** An inspection's end for the read model: the server's new state, its power state and hardware when it was read. */
    public record Inspected(String id, String state, String powerState, String hardwareJson, Instant at) {
    }

    /**
     * Writes many inspections' ends in one statement (rows locked in id order first, as the other multi-row writes of
     * servers lock them); a server that appears twice takes its last result. The hardware (server.inspected's payload:
     * flavors of servers on demand are matched against it) is kept as it was where a result has none.
     */
    public Uni<Void> inspectedAll(SqlClient tx, List<Inspected> results) {
        Map<String, Inspected> last = new TreeMap<>();
        results.forEach(r -> last.put(r.id(), r));
        int n = last.size();
        String[] ids = new String[n], states = new String[n], powers = new String[n], hardware = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        int i = 0;
        for (Inspected r : last.values()) {
            ids[i] = r.id();
            states[i] = r.state();
            powers[i] = r.powerState();
            hardware[i] = r.hardwareJson();
            at[i++] = r.at().atOffset(ZoneOffset.UTC);
        }
        return tx.preparedQuery("SELECT 1 FROM servers WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE")
                .execute(Tuple.of((Object) ids))
                .chain(() -> tx.preparedQuery("UPDATE servers s SET provisioning_state = u.state,"
                        + " power_state = COALESCE(u.power, s.power_state), inspected_at = u.at, updated_at = u.at,"
                        // a BMC that answered its inspection is reachable: the sync need not write that for each new server
                        + " health = COALESCE(s.health, CASE WHEN u.power IS NOT NULL THEN 'healthy' END),"
                        + " hardware = CASE WHEN u.hardware IS NULL THEN s.hardware ELSE CAST(u.hardware AS jsonb) END"
                        + " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])"
                        + " AS u(id, state, power, hardware, at) WHERE s.id = u.id")
                        .execute(Tuple.from(new Object[] { ids, states, powers, hardware, at })))
                .replaceWithVoid();
    }

    public Uni<Void> pin(SqlClient client, String endpointHostPort, String fingerprint) {
        // an equality on the endpoint (its index), not an expression over it: one row read, not the table
        return client.preparedQuery("UPDATE servers SET tls_fingerprint = $2 WHERE tls_fingerprint IS NULL"
                + " AND bmc_endpoint = 'https://' || $1")
                .execute(Tuple.of(endpointHostPort, fingerprint)).replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient tx, String id) {
        return tx.preparedQuery("DELETE FROM servers WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    static ServerRecord record(Row r) {
        return new ServerRecord(r.getString("id"), r.getString("region"), r.getString("project"),
                r.getString("bmc_endpoint"), r.getString("credentials_key_id"), r.getString("credentials_sealed"),
                r.getString("tags"), r.getString("persona"), r.getString("provisioning_state"),
                r.getString("power_state"), r.getString("tls_fingerprint"));
    }
}
