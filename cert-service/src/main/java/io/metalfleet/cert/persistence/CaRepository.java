package io.metalfleet.cert.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** CA generations. Callers run inside a session or transaction opened at the service layer. */
@ApplicationScoped
public class CaRepository implements PanacheRepositoryBase<CaEntity, UUID> {

    /** The owner's CAs still in the trust bundle, newest generation first. */
    public Uni<List<CaEntity>> trusted(String ownerType, String ownerId) {
        return find("ownerType = ?1 and ownerId = ?2 and status = 'active' order by generation desc", ownerType, ownerId).list();
    }

    /** The newest generation, retired or not. */
    public Uni<CaEntity> newest(String ownerType, String ownerId) {
        return find("ownerType = ?1 and ownerId = ?2 order by generation desc", ownerType, ownerId).firstResult();
    }

    public Uni<CaEntity> generation(String ownerType, String ownerId, int generation) {
        return find("ownerType = ?1 and ownerId = ?2 and generation = ?3", ownerType, ownerId, generation).firstResult();
    }

    /**
     * Inserts the CA unless another request created that generation first (two first uses racing);
     * true when this row went in.
     */
    public Uni<Boolean> insertIfAbsent(CaEntity ca) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                INSERT INTO cas (id, owner_type, owner_id, generation, status, key_algorithm, subject, serial,
                                 certificate_pem, private_key, key_id, not_before, not_after, signs_from, crl_number, created_at)
                VALUES (:id, :ownerType, :ownerId, :generation, 'active', :keyAlgorithm, :subject, :serial,
                        :pem, :key, :keyId, :notBefore, :notAfter, :signsFrom, 0, :createdAt)
                ON CONFLICT (owner_type, owner_id, generation) DO NOTHING""")
                .setParameter("id", ca.id)
                .setParameter("ownerType", ca.ownerType)
                .setParameter("ownerId", ca.ownerId)
                .setParameter("generation", ca.generation)
                .setParameter("keyAlgorithm", ca.keyAlgorithm)
                .setParameter("subject", ca.subject)
                .setParameter("serial", ca.serial)
                .setParameter("pem", ca.certificatePem)
                .setParameter("key", ca.privateKey)
                .setParameter("keyId", ca.keyId)
                .setParameter("notBefore", ca.notBefore.atOffset(ZoneOffset.UTC))
                .setParameter("notAfter", ca.notAfter.atOffset(ZoneOffset.UTC))
                .setParameter("signsFrom", ca.signsFrom.atOffset(ZoneOffset.UTC))
                .setParameter("createdAt", ca.createdAt.atOffset(ZoneOffset.UTC))
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** The next CRL number of the CA (monotonic, as RFC 5280 asks). */
    public Uni<Long> nextCrlNumber(UUID caId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "UPDATE cas SET crl_number = crl_number + 1 WHERE id = :id RETURNING crl_number", Long.class)
                .setParameter("id", caId)
                .getSingleResult());
    }

    /**
     * Retires CA generations that a newer one has replaced and under which no live certificate
     * remains, and those past their own not-after: they leave the trust bundle.
     */
    public Uni<Integer> retireSuperseded(Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                UPDATE cas c SET status = 'retired', retired_at = :now
                WHERE c.status = 'active'
                  AND (c.not_after <= :now
                       OR (EXISTS (SELECT 1 FROM cas n WHERE n.owner_type = c.owner_type AND n.owner_id = c.owner_id
                                   AND n.generation > c.generation AND n.signs_from <= :now)
                           AND NOT EXISTS (SELECT 1 FROM certificates x WHERE x.ca_id = c.id AND x.status = 'valid'
                                           AND x.not_after > :now)))""")
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .executeUpdate());
    }
}
