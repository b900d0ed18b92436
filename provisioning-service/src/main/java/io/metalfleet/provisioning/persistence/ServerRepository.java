package io.metalfleet.provisioning.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

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

    public Uni<Void> inspected(SqlClient tx, String id, String state, String powerState, Instant now) {
        return tx.preparedQuery("UPDATE servers SET provisioning_state = $2, power_state = COALESCE($3, power_state),"
                + " inspected_at = $4, updated_at = $4 WHERE id = $1")
                .execute(Tuple.of(id, state, powerState, now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    /** What inspection found (server.inspected's payload): flavors of servers on demand are matched against it. */
    public Uni<Void> hardware(SqlClient tx, String id, String inspectedJson) {
        return tx.preparedQuery("UPDATE servers SET hardware = CAST(CAST($2 AS text) AS jsonb) WHERE id = $1")
                .execute(Tuple.of(id, inspectedJson)).replaceWithVoid();
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
