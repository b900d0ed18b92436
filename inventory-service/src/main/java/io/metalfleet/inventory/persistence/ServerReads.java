package io.metalfleet.inventory.persistence;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Server rows read with prepared statements straight on the reactive pool (cached per connection),
 * without a Hibernate session: the hot GET (a single-row read needs neither the persistence context
 * nor a transaction, and the session's setup cost dominated it), and the rows that a pool
 * transaction locks before changing them (deletion, provisioning's events). Rows come back as
 * detached {@link ServerEntity} objects so that the API view is built in one place.
 */
@ApplicationScoped
public class ServerReads {

    private static final String COLUMNS = """
            SELECT uid, seq, id, region, project, display_name, description, bmc_address, bmc_endpoint,
                   hardware_specs::text AS hardware_specs, provisioning_state, health_status, health_checked_at,
                   health_failure_reasons, tags::text AS tags, persona, created_at, updated_at, version
            FROM servers""";
    static final String FIND_IN_PROJECT = COLUMNS + " WHERE id = $1 AND region = $2 AND project = $3";
    /** Locked until the transaction ends: a concurrent change of the same server waits, then sees the outcome. */
    static final String LOCK_IN_PROJECT = FIND_IN_PROJECT + " FOR UPDATE";
    /** In id order, so that two transactions locking overlapping sets always take the locks in the same order. */
    static final String LOCK_BY_IDS = COLUMNS + " WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE";

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {
    };
    private static final StringListJson REASONS = new StringListJson();

    private final Pool pool;
    private final ObjectMapper json;

    public ServerReads(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** The server, or null when the project has no server with this id. Credentials are not read. */
    public Uni<ServerEntity> findInProject(String region, String project, String id) {
        return pool.preparedQuery(FIND_IN_PROJECT).execute(Tuple.of(id, region, project))
                .map(this::firstOrNull);
    }

    /** The server locked for the rest of {@code tx}, or null when the project has no server with this id. */
    public Uni<ServerEntity> lockInProject(SqlClient tx, String region, String project, String id) {
        return tx.preparedQuery(LOCK_IN_PROJECT).execute(Tuple.of(id, region, project)).map(this::firstOrNull);
    }

    /** The servers among {@code ids} that exist, locked for the rest of {@code tx}, by id. */
    public Uni<Map<String, ServerEntity>> lockByIds(SqlClient tx, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.preparedQuery(LOCK_BY_IDS).execute(Tuple.of(ids.toArray(new String[0]))).map(rows -> {
            Map<String, ServerEntity> found = new HashMap<>();
            rows.forEach(row -> found.put(row.getString("id"), toEntity(row)));
            return found;
        });
    }

    private ServerEntity firstOrNull(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? toEntity(iterator.next()) : null;
    }

    private ServerEntity toEntity(Row row) {
        ServerEntity server = new ServerEntity();
        server.uid = row.getUUID("uid");
        server.seq = row.getLong("seq");
        server.id = row.getString("id");
        server.region = row.getString("region");
        server.project = row.getString("project");
        server.displayName = row.getString("display_name");
        server.description = row.getString("description");
        server.bmcAddress = row.getString("bmc_address");
        server.bmcEndpoint = row.getString("bmc_endpoint");
        server.hardwareSpecs = parse(row.getString("hardware_specs"), OBJECT);
        server.provisioningState = row.getString("provisioning_state");
        server.healthStatus = row.getString("health_status");
        OffsetDateTime checked = row.getOffsetDateTime("health_checked_at");
        server.healthCheckedAt = checked == null ? null : checked.toInstant();
        server.healthFailureReasons = REASONS.convertToEntityAttribute(row.getString("health_failure_reasons"));
        server.tags = parse(row.getString("tags"), TAGS);
        server.persona = row.getString("persona");
        server.createdAt = row.getOffsetDateTime("created_at").toInstant();
        server.updatedAt = row.getOffsetDateTime("updated_at").toInstant();
        server.version = row.getLong("version");
        return server;
    }

    private <T> T parse(String text, TypeReference<T> type) {
        try {
            return text == null ? null : json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a jsonb column of servers is not the JSON it should be", e);
        }
    }
}
