package io.metalfleet.provisioning.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The transactional outbox, over the reactive SQL client: writes take the caller's connection, so they
 * join its transaction. (This service writes in bulk — thousands of rows per fleet operation — which
 * the SQL client does in one round trip; it has no entity for Hibernate to manage.)
 */
@ApplicationScoped
public class OutboxRepository {

    private static final long RELAY_LOCK = 0x6f7574626f78L;

    public record PendingEvent(long seq, UUID eventId, String topic, String aggregateId, String type, String payload,
            Instant createdAt) {
    }

    public record NewEvent(String topic, String aggregateId, String type, String payload) {
    }

    public Uni<Void> append(SqlClient tx, List<NewEvent> events, Instant now) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] topics = new String[n], aggregates = new String[n], types = new String[n], payloads = new String[n];
        for (int i = 0; i < n; i++) {
            NewEvent e = events.get(i);
            ids[i] = UUID.randomUUID();
            topics[i] = e.topic();
            aggregates[i] = e.aggregateId();
            types[i] = e.type();
            payloads[i] = e.payload();
        }
        // one statement for the whole list (a fleet operation appends 10,000 commands), rows numbered in list order
        return tx.preparedQuery("INSERT INTO outbox (event_id, topic, aggregate_id, type, payload, created_at)"
                + " SELECT u.event_id, u.topic, u.aggregate_id, u.type, CAST(u.payload AS jsonb), $6"
                + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])"
                + " WITH ORDINALITY AS u(event_id, topic, aggregate_id, type, payload, n) ORDER BY u.n")
                .execute(Tuple.from(new Object[] { ids, topics, aggregates, types, payloads, now.atOffset(ZoneOffset.UTC) }))
                .replaceWithVoid();
    }

    /**
     * Takes the relay's lock for the caller's transaction if no other replica holds it (released at commit).
     * The key is an arbitrary constant of this service's database: 'outbox' in ASCII.
     */
    public Uni<Boolean> tryLockRelay(SqlClient tx) {
        return tx.query("SELECT pg_try_advisory_xact_lock(" + RELAY_LOCK + ") AS locked").execute()
                .map(rows -> rows.iterator().next().getBoolean("locked"));
    }

    public Uni<List<PendingEvent>> oldestUnsent(SqlClient client, int limit) {
        return client.preparedQuery("SELECT seq, event_id, topic, aggregate_id, type, payload::text AS payload, created_at"
                + " FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1").execute(Tuple.of(limit))
                .map(rows -> {
                    List<PendingEvent> events = new ArrayList<>();
                    for (Row r : rows) {
                        events.add(new PendingEvent(r.getLong("seq"), r.getUUID("event_id"), r.getString("topic"),
                                r.getString("aggregate_id"), r.getString("type"), r.getString("payload"),
                                r.getOffsetDateTime("created_at").toInstant()));
                    }
                    return events;
                });
    }

    public Uni<Void> markSent(SqlClient client, List<Long> seqs, Instant now) {
        if (seqs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("UPDATE outbox SET sent_at = $1 WHERE seq = ANY($2)")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), seqs.toArray(new Long[0]))).replaceWithVoid();
    }

    public Uni<Void> deleteSentBefore(Pool pool, Instant cutoff) {
        return pool.preparedQuery("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }
}
