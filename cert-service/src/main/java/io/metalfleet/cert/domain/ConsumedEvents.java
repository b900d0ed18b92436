package io.metalfleet.cert.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.cert.events.CertEvents;
import io.metalfleet.cert.events.EventTypes;
import io.metalfleet.cert.persistence.ClusterEntity;
import io.metalfleet.cert.persistence.InboxRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Applies consumed events, each once: the inbox row (keyed by CloudEvents id) and the effect are
 * written in one transaction. An event that can never succeed (missing fields, a refused CSR) is
 * recorded and logged, not retried.
 */
@ApplicationScoped
public class ConsumedEvents {

    private static final Logger LOG = Logger.getLogger(ConsumedEvents.class);
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    @Inject
    InboxRepository inbox;
    @Inject
    CaService cas;
    @Inject
    NodeCertificateService nodes;

    /** cluster.registered: remember the cluster's domain and create its CA. */
    @WithTransaction
    public Uni<Void> clusterRegistered(String eventId, JsonNode data) {
        String clusterId = data.path("clusterId").asText("");
        return inbox.recordFirstDelivery(eventId, EventTypes.CLUSTER_REGISTERED, Instant.now()).chain(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            if (!clusterId.matches(ID)) {
                LOG.warnf("skipping cluster.registered %s: clusterId missing or malformed", eventId);
                return Uni.createFrom().voidItem();
            }
            String domain = data.path("domain").asText(null);
            return Panache.getSession().chain(session -> session.find(ClusterEntity.class, clusterId).chain(existing -> {
                ClusterEntity row = existing != null ? existing : new ClusterEntity();
                row.clusterId = clusterId;
                row.providerId = data.path("providerId").asText(null);
                row.domain = domain != null && domain.matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?") ? domain : null;
                row.adminUserId = data.path("adminUserId").asText(null);
                row.registeredAt = CertEvents.now();
                return existing != null ? Uni.createFrom().item(row) : session.persist(row).replaceWith(row);
            })).chain(() -> cas.authority(CaService.CLUSTER, clusterId)).replaceWithVoid();
        });
    }

    /** node.joining: sign the node's CSR under the cluster CA and publish certificate.issued. */
    @WithTransaction
    public Uni<Void> nodeJoining(String eventId, JsonNode data) {
        return inbox.recordFirstDelivery(eventId, EventTypes.NODE_JOINING, Instant.now()).chain(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            String projectId = data.path("projectId").asText("");
            String clusterId = data.path("clusterId").asText("");
            String nodeName = data.path("nodeName").asText("");
            String csr = data.path("csr").asText("");
            if (!projectId.matches(ID) || !clusterId.matches(ID) || nodeName.isEmpty() || csr.isEmpty()) {
                LOG.warnf("skipping node.joining %s: projectId, clusterId, nodeName and csr are required", eventId);
                return Uni.createFrom().voidItem();
            }
            CertEvents.JobContext job = new CertEvents.JobContext(data.path("jobId").asText(null), data.path("serverId").asText(null));
            return nodes.signForJoiningNode(projectId, clusterId, nodeName, csr, job)
                    .onFailure(NodeCertificateService.CsrRejected.class).recoverWithItem(e -> {
                        LOG.warnf("node.joining %s for node %s refused: %s", eventId, nodeName, e.getMessage());
                        return null;
                    })
                    .replaceWithVoid();
        });
    }
}
