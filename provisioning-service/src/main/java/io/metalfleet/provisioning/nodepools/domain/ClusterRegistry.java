package io.metalfleet.provisioning.nodepools.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.nodepools.events.NodePoolEventsConsumer;
import io.metalfleet.provisioning.nodepools.persistence.ClusterRepository;
import io.metalfleet.provisioning.persistence.InboxRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Applies identity's events to the clusters node pools may be made in, each once (inbox in the same transaction). */
@ApplicationScoped
public class ClusterRegistry {

    private static final Logger LOG = Logger.getLogger(ClusterRegistry.class);
    static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    @Inject
    Pool pool;
    @Inject
    InboxRepository inbox;
    @Inject
    ClusterRepository clusters;

    public Uni<Void> apply(String eventId, String type, JsonNode data) {
        String clusterId = data.path("clusterId").asText(data.path("providerId").asText(""));
        if (!clusterId.matches(ID)) {
            LOG.warnf("skipping %s %s: clusterId missing or malformed", type, eventId);
            return Uni.createFrom().voidItem();
        }
        String providerId = data.path("providerId").asText(null);
        Instant now = Instant.now();
        return pool.withTransaction(tx -> inbox.recordFirstDelivery(tx, eventId, type, now).chain(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            if (NodePoolEventsConsumer.PROVIDER_DELETED.equals(type)) {
                return clusters.deleted(tx, clusterId, providerId, now);
            }
            String domain = data.path("domain").asText(null);
            return clusters.registered(tx, clusterId, providerId,
                    domain != null && domain.length() <= 253 ? domain : null, now);
        }));
    }
}
