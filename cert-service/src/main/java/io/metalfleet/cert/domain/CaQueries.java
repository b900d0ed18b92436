package io.metalfleet.cert.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Transactions around CaService for the API: bundles (creating the CA on first use) and rotation. */
@ApplicationScoped
public class CaQueries {

    @Inject
    CaService cas;

    @WithTransaction
    public Uni<String> bundle(String ownerType, String ownerId) {
        return cas.authority(ownerType, ownerId).map(Authority::bundlePem);
    }

    @WithTransaction
    public Uni<String> rotate(String ownerType, String ownerId, Instant signsFrom) {
        return cas.rotate(ownerType, ownerId, signsFrom).map(Authority::bundlePem);
    }
}
