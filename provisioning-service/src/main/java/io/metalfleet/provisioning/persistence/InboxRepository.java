package io.metalfleet.provisioning.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Ids of consumed CloudEvents; recording joins the transaction that applies the event. */
@ApplicationScoped
public class InboxRepository {

    /** True when the event is new (and now recorded), false when it was applied before. */
    public Uni<Boolean> recordFirstDelivery(SqlClient tx, String eventId, String type, Instant now) {
        return tx.preparedQuery("INSERT INTO inbox (event_id, type, processed_at) VALUES ($1, $2, $3)"
                + " ON CONFLICT (event_id) DO NOTHING")
                .execute(Tuple.of(eventId, type, now.atOffset(ZoneOffset.UTC)))
                .map(result -> result.rowCount() == 1);
    }

    /**
     * Records a batch of event ids in one statement; answers the ids seen for the first time (the others were
     * applied before, or come twice in the batch: their first occurrence counts).
     */
    public Uni<Set<String>> recordFirstDeliveries(SqlClient tx, List<String> eventIds, List<String> types, Instant now) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return tx.preparedQuery("INSERT INTO inbox (event_id, type, processed_at)"
                + " SELECT u.event_id, u.type, $3 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(event_id, type, n)"
                + " ORDER BY u.n ON CONFLICT (event_id) DO NOTHING RETURNING event_id")
                .execute(Tuple.of(eventIds.toArray(new String[0]), types.toArray(new String[0]), now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Set<String> first = new HashSet<>();
                    rows.forEach(r -> first.add(r.getString("event_id")));
                    return first;
                });
    }
}
