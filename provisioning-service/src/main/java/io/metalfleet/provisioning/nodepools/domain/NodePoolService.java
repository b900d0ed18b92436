package io.metalfleet.provisioning.nodepools.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.api.ApiException;
import io.metalfleet.provisioning.nodepools.NodePoolConfig;
import io.metalfleet.provisioning.nodepools.api.dto.NodePoolRequest;
import io.metalfleet.provisioning.nodepools.api.dto.NodePoolView;
import io.metalfleet.provisioning.nodepools.persistence.ClusterRepository;
import io.metalfleet.provisioning.nodepools.persistence.ClusterRepository.Cluster;
import io.metalfleet.provisioning.nodepools.persistence.NodePoolRepository;
import io.metalfleet.provisioning.nodepools.persistence.NodePoolRepository.NodePool;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;

/**
 * Node pools of registered clusters. A pool is created empty (servers join through nodes/add) and can be deleted
 * only once it has no node: deleting a pool never takes nodes out of a cluster behind the operator's back.
 */
@ApplicationScoped
public class NodePoolService {

    static final String UNIQUE_VIOLATION = "23505";

    @Inject
    Pool pool;
    @Inject
    ClusterRepository clusters;
    @Inject
    NodePoolRepository pools;
    @Inject
    NodePoolConfig config;
    @Inject
    ObjectMapper json;

    public Uni<NodePoolView> create(String project, String clusterId, NodePoolRequest request) {
        NodePoolRequest.Spec given = request.spec();
        NodePoolRequest.Spec spec = new NodePoolRequest.Spec(given.type() == null ? "pm" : given.type(), 0, given.nodeTemplate());
        Instant now = Instant.now();
        NodePool created = new NodePool(UUID.randomUUID(), project, clusterId, request.metadata().name(), write(spec), now, now, 0, 0);
        return pool.withTransaction(tx -> activeCluster(tx, clusterId)
                .chain(() -> pools.count(tx, project, clusterId))
                .chain(count -> {
                    if (count >= config.maxPoolsPerCluster()) {
                        throw ApiException.badRequest("metadata.name", "the cluster has " + count + " node pools in this project, the most allowed");
                    }
                    return pools.insert(tx, created);
                }))
                .onFailure(PgException.class).transform(e -> UNIQUE_VIOLATION.equals(((PgException) e).getSqlState())
                        ? ApiException.conflict("node pool " + request.metadata().name() + " already exists in cluster " + clusterId)
                        : e)
                .replaceWith(() -> view(created, null));
    }

    public Uni<NodePoolView.Page> list(String project, String clusterId) {
        return knownCluster(pool, clusterId).chain(() -> pools.list(pool, project, clusterId))
                .map(list -> new NodePoolView.Page("List", "v3", list.stream().map(p -> view(p, null)).toList()));
    }

    public Uni<NodePoolView> get(String project, String clusterId, String poolId) {
        UUID id = poolId(poolId);
        return knownCluster(pool, clusterId).chain(() -> pools.find(pool, project, clusterId, id))
                .map(found -> view(require(found, poolId), null));
    }

    /** Only an empty pool is deleted (409 otherwise: nodes/remove first); answers the pool as it was, phase Deleting. */
    public Uni<NodePoolView> delete(String project, String clusterId, String poolId) {
        UUID id = poolId(poolId);
        return pool.withTransaction(tx -> knownCluster(tx, clusterId)
                .chain(() -> pools.findLocked(tx, project, clusterId, id, true))
                .chain(found -> {
                    NodePool existing = require(found, poolId);
                    int nodes = existing.joinedNodes() + existing.joiningNodes();
                    if (nodes > 0) {
                        throw ApiException.conflict("node pool " + existing.name() + " has " + nodes
                                + " nodes; remove them first (nodes/remove)");
                    }
                    return pools.delete(tx, id).replaceWith(view(existing, "Deleting"));
                }));
    }

    /** The cluster must be registered and not deleted for anything new to be made in it. */
    Uni<Cluster> activeCluster(SqlClient client, String clusterId) {
        return clusters.find(client, clusterId).map(cluster -> {
            if (cluster == null || !cluster.active()) {
                throw ApiException.notFound("cluster " + clusterId + " not found");
            }
            return cluster;
        });
    }

    /** Reads, removals and deletion still work in a deleted provider's cluster, so that it can be cleaned up. */
    Uni<Cluster> knownCluster(SqlClient client, String clusterId) {
        return clusters.find(client, clusterId).map(cluster -> {
            if (cluster == null) {
                throw ApiException.notFound("cluster " + clusterId + " not found");
            }
            return cluster;
        });
    }

    static UUID poolId(String poolId) {
        try {
            return UUID.fromString(poolId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("node pool " + poolId + " not found");
        }
    }

    static NodePool require(NodePool found, String poolId) {
        if (found == null) {
            throw ApiException.notFound("node pool " + poolId + " not found");
        }
        return found;
    }

    NodePoolView view(NodePool p, String phase) {
        NodePoolRequest.Spec spec;
        try {
            spec = json.readValue(p.spec(), NodePoolRequest.Spec.class);
        } catch (Exception e) {
            throw new IllegalStateException("stored node pool spec unreadable", e);
        }
        String state = phase != null ? phase : p.joiningNodes() > 0 ? "Synchronizing" : "Synchronized";
        return new NodePoolView("NodePool", "v3",
                new NodePoolView.Metadata(p.name(), p.id().toString(), p.createdAt().toString(), p.updatedAt().toString()),
                spec, new NodePoolView.Status(p.joinedNodes(), p.joiningNodes(), state));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
