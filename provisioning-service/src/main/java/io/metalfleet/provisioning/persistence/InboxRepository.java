package io.metalfleet.provisioning.persistence;

import java.time.Instant;
import java.time.ZoneOffset;

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
}
