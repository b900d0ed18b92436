package io.metalfleet.identity.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class ServiceAccountRepository implements PanacheRepositoryBase<ServiceAccountEntity, String> {
}
