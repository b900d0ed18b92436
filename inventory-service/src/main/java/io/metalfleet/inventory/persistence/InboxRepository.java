package io.metalfleet.inventory.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Ids of consumed CloudEvents. Recording joins the transaction that applies the events. */
@ApplicationScoped
public class InboxRepository {

    static final String RECORD_ALL = "INSERT INTO inbox (event_id, type, processed_at)"
            + " SELECT u.event_id, u.type, $3 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(event_id, type, n)"
            + " ORDER BY u.n ON CONFLICT (event_id) DO NOTHING RETURNING event_id";

    /**
     * Records a batch of event ids in one statement; answers the ids seen for the first time (the others were applied
     * before). Ids must be distinct within the batch.
     */
    public Uni<Set<String>> recordFirstDeliveries(SqlClient tx, List<String> eventIds, List<String> types, Instant now) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return tx.preparedQuery(RECORD_ALL)
                .execute(Tuple.of(eventIds.toArray(new String[0]), types.toArray(new String[0]), now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    Set<String> first = new HashSet<>();
                    rows.forEach(row -> first.add(row.getString("event_id")));
                    return first;
                });
    }
}
