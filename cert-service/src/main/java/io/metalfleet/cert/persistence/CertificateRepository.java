package io.metalfleet.cert.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Issued certificates. Callers run inside a session or transaction opened at the service layer. */
@ApplicationScoped
public class CertificateRepository implements PanacheRepositoryBase<CertificateEntity, String> {

    /**
     * Inserts the certificates and, for those with an event payload, their outbox events, in ONE
     * statement: a batch of 200 costs one round trip.
     */
    static final String INSERT_BATCH = """
            WITH input AS (
                SELECT * FROM jsonb_to_recordset(CAST(CAST(:rows AS text) AS jsonb)) AS r(
                    serial text, ca_id uuid, kind text, project_id text, cluster_id text, product_id uuid, node_name text,
                    subject text, sans text, public_key_sha256 text, not_before timestamptz, not_after timestamptz,
                    certificate_pem text, renewed_from text, created_at timestamptz, event_id uuid, event_payload jsonb)
            ), inserted AS (
                INSERT INTO certificates (serial, ca_id, kind, project_id, cluster_id, product_id, node_name, subject, sans,
                                          public_key_sha256, not_before, not_after, certificate_pem, status, renewed_from, created_at)
                SELECT serial, ca_id, kind, project_id, cluster_id, product_id, node_name, subject, sans,
                       public_key_sha256, not_before, not_after, certificate_pem, 'valid', renewed_from, created_at
                FROM input
                RETURNING serial
            ), events AS (
                INSERT INTO outbox (event_id, topic, aggregate_id, type, payload, created_at)
                SELECT i.event_id, :topic, i.serial, :eventType, i.event_payload, i.created_at
                FROM input i WHERE i.event_id IS NOT NULL
                RETURNING 1
            )
            SELECT count(*) FROM inserted
            """;

    public Uni<Long> insertBatch(String rowsJson, String topic, String eventType) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT_BATCH, Long.class)
                .setParameter("rows", rowsJson)
                .setParameter("topic", topic)
                .setParameter("eventType", eventType)
                .getSingleResult());
    }

    public Uni<List<CertificateEntity>> revokedUnder(UUID caId) {
        return find("caId = ?1 and status = 'revoked' order by revokedAt", caId).list();
    }

    /** Marks valid certificates past their not-after as expired; returns how many. */
    public Uni<Integer> expire(Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE certificates SET status = 'expired' WHERE status = 'valid' AND not_after <= :now")
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .executeUpdate());
    }
}
