package io.metalfleet.identity.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKeyEntity, String> {

    /** The keys in the JWKS: the active one first, then the retiring ones, newest first. */
    public Uni<List<SigningKeyEntity>> published() {
        return list("state in ?1 order by case when state = 'active' then 0 else 1 end, createdAt desc",
                List.of(SigningKeyEntity.ACTIVE, SigningKeyEntity.RETIRING));
    }

    public Uni<List<SigningKeyEntity>> all() {
        return list("order by createdAt desc");
    }

    public Uni<SigningKeyEntity> active() {
        return find("state", SigningKeyEntity.ACTIVE).firstResult();
    }

    /** Retiring keys whose publication window has passed. */
    public Uni<List<SigningKeyEntity>> dueForRetirement(Instant now) {
        return list("state = ?1 and publishUntil <= ?2", SigningKeyEntity.RETIRING, now);
    }
}
