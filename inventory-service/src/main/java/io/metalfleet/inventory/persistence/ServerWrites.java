package io.metalfleet.inventory.persistence;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Server rows changed with plain SQL inside a transaction of the reactive pool (no Hibernate session): deletions,
 * and provisioning's events applied a batch at a time. Every change bumps {@code version}, so that an edit through
 * Hibernate that read the row before fails its optimistic check instead of overwriting this one. Callers lock the
 * rows first ({@link ServerReads#lockInProject}, {@link ServerReads#lockByIds}).
 */
@ApplicationScoped
public class ServerWrites {

    static final String UPDATE_STATES = """
            UPDATE servers s SET provisioning_state = u.state, health_status = u.health, health_checked_at = u.checked,
                   health_failure_reasons = u.reasons, hardware_specs = CAST(u.specs AS jsonb), updated_at = u.updated,
                   version = s.version + 1
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::timestamptz[])
                 AS u(uid, state, health, checked, reasons, specs, updated)
            WHERE s.uid = u.uid""";

    private static final StringListJson REASONS = new StringListJson();

    private final ObjectMapper json;

    public ServerWrites(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Writes back what may change in a row after provisioning's events (state, health, hardware, updatedAt) for all
     * the given rows in one statement.
     */
    public Uni<Void> updateStates(SqlClient tx, Collection<ServerEntity> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = rows.size();
        UUID[] uids = new UUID[n];
        String[] states = new String[n];
        String[] health = new String[n];
        OffsetDateTime[] checked = new OffsetDateTime[n];
        String[] reasons = new String[n];
        String[] specs = new String[n];
        OffsetDateTime[] updated = new OffsetDateTime[n];
        int i = 0;
        for (ServerEntity row : rows) {
            uids[i] = row.uid;
            states[i] = row.provisioningState;
            health[i] = row.healthStatus;
            checked[i] = row.healthCheckedAt == null ? null : row.healthCheckedAt.atOffset(ZoneOffset.UTC);
            reasons[i] = REASONS.convertToDatabaseColumn(row.healthFailureReasons);
            specs[i] = write(row.hardwareSpecs);
            updated[i] = row.updatedAt.atOffset(ZoneOffset.UTC);
            i++;
        }
        return tx.preparedQuery(UPDATE_STATES)
                .execute(Tuple.from(List.<Object> of(uids, states, health, checked, reasons, specs, updated)))
                .replaceWithVoid();
    }

    /** Marks a server deleting (provisioning holds the machine; it goes when provisioning releases it). */
    public Uni<Void> markDeleting(SqlClient tx, UUID uid, String deletingState, OffsetDateTime now) {
        return tx.preparedQuery("UPDATE servers SET provisioning_state = $2, updated_at = $3, version = version + 1"
                + " WHERE uid = $1").execute(Tuple.of(uid, deletingState, now)).replaceWithVoid();
    }

    /** Removes the servers with these uids. */
    public Uni<Void> delete(SqlClient tx, Collection<UUID> uids) {
        if (uids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("DELETE FROM servers WHERE uid = ANY($1::uuid[])")
                .execute(Tuple.of(uids.toArray(new UUID[0]))).replaceWithVoid();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("hardware specs cannot be written as JSON", e);
        }
    }
}
