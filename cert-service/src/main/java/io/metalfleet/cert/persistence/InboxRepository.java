package io.metalfleet.cert.persistence;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Ids of consumed CloudEvents. Recording joins the transaction that applies the event. */
@ApplicationScoped
public class InboxRepository {

    /** True when the event is new (and is now recorded), false when it was applied before. */
    public Uni<Boolean> recordFirstDelivery(String eventId, String type, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "INSERT INTO inbox (event_id, type, processed_at) VALUES (:id, :type, :now)"
                        + " ON CONFLICT (event_id) DO NOTHING")
                .setParameter("id", eventId)
                .setParameter("type", type)
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
