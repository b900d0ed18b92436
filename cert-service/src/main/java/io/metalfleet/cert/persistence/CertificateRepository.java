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
