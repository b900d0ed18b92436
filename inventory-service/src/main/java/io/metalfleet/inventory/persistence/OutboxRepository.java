package io.metalfleet.inventory.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The transactional outbox. Writes join the caller's transaction (a Hibernate session's, or a pool transaction). */
@ApplicationScoped
public class OutboxRepository {

    /** An event waiting to be relayed. */
    public record PendingEvent(long seq, UUID eventId, String topic, String aggregateId, String type, String payload,
            Instant createdAt) {
    }

    public Uni<Void> append(UUID eventId, String topic, String aggregateId, String type, String payload, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "INSERT INTO outbox (event_id, topic, aggregate_id, type, payload, created_at)"
                        + " VALUES (:id, :topic, :aggregate, :type, CAST(CAST(:payload AS text) AS jsonb), :now)")
                .setParameter("id", eventId)
                .setParameter("topic", topic)
                .setParameter("aggregate", aggregateId)
                .setParameter("type", type)
                .setParameter("payload", payload)
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The same, inside a transaction of the reactive pool (writes that do not go through Hibernate). */
    public Uni<Void> append(SqlClient tx, UUID eventId, String topic, String aggregateId, String type, String payload,
            Instant now) {
        return tx.preparedQuery("INSERT INTO outbox (event_id, topic, aggregate_id, type, payload, created_at)"
                + " VALUES ($1, $2, $3, $4, CAST($5::text AS jsonb), $6)")
                .execute(Tuple.from(List.<Object> of(eventId, topic, aggregateId, type, payload, now.atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    /** The oldest unsent events, in the order they were written. */
    public Uni<List<PendingEvent>> oldestUnsent(int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT seq, CAST(event_id AS text), topic, aggregate_id, type, CAST(payload AS text), created_at"
                        + " FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT " + limit,
                Object[].class)
                .getResultList())
                .map(rows -> rows.stream().map(OutboxRepository::pending).toList());
    }

    public Uni<Integer> markSent(List<Long> seqs, Instant now) {
        if (seqs.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE outbox SET sent_at = :now WHERE seq IN (:seqs)")
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("seqs", seqs)
                .executeUpdate());
    }

    public Uni<Long> countUnsent() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL", Long.class).getSingleResult());
    }

    public Uni<Integer> deleteSentBefore(Instant cutoff) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < :cutoff")
                .setParameter("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .executeUpdate());
    }

    private static PendingEvent pending(Object[] row) {
        Object created = row[6];
        Instant createdAt = created instanceof Instant i ? i
                : created instanceof java.time.OffsetDateTime o ? o.toInstant()
                        : created instanceof java.sql.Timestamp t ? t.toInstant()
                                : ((java.time.LocalDateTime) created).toInstant(java.time.ZoneOffset.UTC);
        return new PendingEvent(((Number) row[0]).longValue(), UUID.fromString((String) row[1]), (String) row[2],
                (String) row[3], (String) row[4], (String) row[5], createdAt);
    }
}
