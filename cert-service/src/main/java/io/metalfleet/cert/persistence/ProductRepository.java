package io.metalfleet.cert.persistence;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Products of seed 001. */
@ApplicationScoped
public class ProductRepository implements PanacheRepositoryBase<ProductEntity, UUID> {

    public Uni<ProductEntity> findInProject(String projectId, UUID id) {
        return find("projectId = ?1 and id = ?2", projectId, id).firstResult();
    }

    public Uni<Boolean> nameTaken(String projectId, String name) {
        return count("projectId = ?1 and name = ?2", projectId, name).map(n -> n > 0);
    }

    /** A page in creation order. */
    public Uni<List<ProductEntity>> page(String projectId, String name, int offset, int limit) {
        var query = name == null
                ? find("projectId = ?1 order by seq", projectId)
                : find("projectId = ?1 and name = ?2 order by seq", projectId, name);
        return query.range(offset, offset + limit - 1).list();
    }

    public Uni<Long> countIn(String projectId, String name) {
        return name == null ? count("projectId", projectId) : count("projectId = ?1 and name = ?2", projectId, name);
    }
}
