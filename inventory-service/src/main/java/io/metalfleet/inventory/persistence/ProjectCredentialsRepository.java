package io.metalfleet.inventory.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ProjectCredentialsRepository
        implements PanacheRepositoryBase<ProjectCredentialsEntity, ProjectCredentialsEntity.Key> {

    public Uni<ProjectCredentialsEntity> forProject(String region, String project) {
        return findById(new ProjectCredentialsEntity.Key(region, project));
    }
}
