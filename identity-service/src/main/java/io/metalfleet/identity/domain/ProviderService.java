package io.metalfleet.identity.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.exception.ConstraintViolationException;

import io.metalfleet.identity.api.ApiException;
import io.metalfleet.identity.api.dto.ProviderViews;
import io.metalfleet.identity.config.IdentityConfig;
import io.metalfleet.identity.events.EventTypes;
import io.metalfleet.identity.events.ProviderEvents;
import io.metalfleet.identity.persistence.ClusterEntity;
import io.metalfleet.identity.persistence.ClusterRepository;
import io.metalfleet.identity.persistence.OutboxRepository;
import io.metalfleet.identity.persistence.ProviderEntity;
import io.metalfleet.identity.persistence.ProviderRepository;
import io.metalfleet.identity.security.SecretKeys;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Registers providers (seed 004) and their clusters, reads and deletes them. A registration is one
 * transaction: token consumed, provider and cluster stored, both events in the outbox — or nothing.
 */
@ApplicationScoped
public class ProviderService {

    /** Who reads: an admin sees all, a user the providers it administers, a provider itself. */
    public record Viewer(String subject, boolean admin, boolean provider) {

        boolean sees(String providerId, String adminUserId) {
            return admin || (provider ? subject.equals(providerId) : subject.equals(adminUserId));
        }
    }

    @Inject
    ProviderRepository providers;
    @Inject
    ClusterRepository clusters;
    @Inject
    RegistrationTokenService registrationTokens;
    @Inject
    OutboxRepository outbox;
    @Inject
    ProviderEvents events;
    @Inject
    SecretKeys secrets;
    @Inject
    IdentityConfig config;

    public Uni<ProviderViews.Registered> register(ProviderRegistration request, Instant now) {
        String providerId = SecretKeys.newId();
        String rootToken = providerId + "." + SecretKeys.newSecret();
        return Panache.withTransaction(() -> registrationTokens.consume(request.token(), providerId, now)
                .call(issuer -> request.subdomainDelegation()
                        ? providers.count("subdomain", request.subdomain()).invoke(taken -> {
                            if (taken > 0) {
                                throw ApiException.identifierOccupied("subdomain");
                            }
                        })
                        : Uni.createFrom().voidItem())
                .chain(issuer -> store(request, providerId, secrets.hash(rootToken), issuer, now)))
                .onFailure(ProviderService::subdomainRace).transform(e -> ApiException.identifierOccupied("subdomain"))
                .map(provider -> new ProviderViews.Registered(provider.id, rootToken, provider.adminUserId));
    }

    private Uni<ProviderEntity> store(ProviderRegistration request, String id, String rootTokenHash, String adminUserId, Instant now) {
        ProviderEntity provider = new ProviderEntity();
        provider.id = id;
        provider.name = request.name();
        provider.adminEmail = request.adminEmail();
        provider.subdomainDelegation = request.subdomainDelegation();
        provider.subdomain = request.subdomain();
        provider.domain = request.domain();
        provider.opWorkerIpAddresses = request.opWorkerIpAddresses();
        provider.opWorkerPort = request.opWorkerPort();
        provider.oneS3IpAddresses = request.oneS3IpAddresses();
        provider.oneS3Port = request.oneS3Port();
        provider.latitude = request.latitude();
        provider.longitude = request.longitude();
        provider.adminUserId = adminUserId;
        provider.rootTokenHash = rootTokenHash;
        provider.createdAt = now;
        ClusterEntity cluster = new ClusterEntity();
        cluster.id = id;
        cluster.type = ClusterEntity.ONEPROVIDER;
        cluster.providerId = id;
        cluster.adminUserId = adminUserId;
        cluster.createdAt = now;
        return providers.persist(provider)
                .chain(() -> clusters.persist(cluster))
                .chain(() -> Panache.getSession().chain(session -> session.flush()))
                .chain(() -> outbox.append(UUID.randomUUID(), EventTypes.PROVIDERS_TOPIC, id, EventTypes.PROVIDER_REGISTERED,
                        events.registered(provider), now))
                .chain(() -> outbox.append(UUID.randomUUID(), EventTypes.PROVIDERS_TOPIC, id, EventTypes.CLUSTER_REGISTERED,
                        events.clusterRegistered(cluster, provider), now))
                .replaceWith(provider);
    }

    @WithSession
    public Uni<ProviderViews.Provider> get(String id, Viewer viewer) {
        return visible(id, viewer).map(ProviderViews.Provider::of);
    }

    @WithSession
    public Uni<ProviderViews.ProviderList> list(Viewer viewer) {
        Uni<List<ProviderEntity>> rows = viewer.admin() ? providers.listAll()
                : viewer.provider() ? providers.list("id", viewer.subject()) : providers.list("adminUserId", viewer.subject());
        return rows.map(list -> new ProviderViews.ProviderList(list.stream().map(p -> p.id).sorted().toList()));
    }

    @WithSession
    public Uni<ProviderViews.Cluster> cluster(String id, Viewer viewer) {
        return clusters.findById(id).map(cluster -> {
            if (cluster == null || !viewer.sees(cluster.providerId, cluster.adminUserId)) {
                throw ApiException.notFound();
            }
            return ProviderViews.Cluster.of(cluster);
        });
    }

    @WithSession
    public Uni<ProviderViews.ClusterList> clusters(Viewer viewer) {
        Uni<List<ClusterEntity>> rows = viewer.admin() ? clusters.listAll()
                : viewer.provider() ? clusters.list("providerId", viewer.subject()) : clusters.list("adminUserId", viewer.subject());
        return rows.map(list -> new ProviderViews.ClusterList(list.stream().map(c -> c.id).sorted().toList()));
    }

    /** Deletes the provider and its cluster, and tells the suite. */
    public Uni<Void> delete(String id, Viewer viewer, Instant now) {
        return Panache.withTransaction(() -> visible(id, viewer)
                .call(provider -> outbox.append(UUID.randomUUID(), EventTypes.PROVIDERS_TOPIC, id, EventTypes.PROVIDER_DELETED,
                        events.deleted(provider, now), now))
                .call(provider -> providers.delete(provider)))
                .replaceWithVoid();
    }

    private Uni<ProviderEntity> visible(String id, Viewer viewer) {
        return providers.findById(id).map(provider -> {
            if (provider == null || !viewer.sees(provider.id, provider.adminUserId)) {
                throw ApiException.notFound();
            }
            return provider;
        });
    }

    private static boolean subdomainRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException || String.valueOf(t.getMessage()).contains("providers_subdomain_idx")) {
                return String.valueOf(t.getMessage()).contains("providers_subdomain_idx")
                        || (t instanceof ConstraintViolationException c && "providers_subdomain_idx".equals(c.getConstraintName()));
            }
        }
        return false;
    }
}
