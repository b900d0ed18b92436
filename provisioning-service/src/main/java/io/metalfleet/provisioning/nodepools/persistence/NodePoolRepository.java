package io.metalfleet.provisioning.nodepools.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Node pools of a project in a cluster, read with their node counts. */
@ApplicationScoped
public class NodePoolRepository {

    /** A pool; {@code joinedNodes} and {@code joiningNodes} count its pool_nodes rows by state. */
    public record NodePool(UUID id, String project, String clusterId, String name, String spec, Instant createdAt,
            Instant updatedAt, int joinedNodes, int joiningNodes) {
    }

    private static final String SELECT = "SELECT p.id, p.project, p.cluster_id, p.name, p.spec::text AS spec, p.created_at, p.updated_at,"
            + " (SELECT count(*) FROM pool_nodes n WHERE n.pool_id = p.id AND n.state = 'joined') AS joined,"
            + " (SELECT count(*) FROM pool_nodes n WHERE n.pool_id = p.id AND n.state = 'joining') AS joining"
            + " FROM node_pools p";

    public Uni<Void> insert(SqlClient tx, NodePool pool) {
        return tx.preparedQuery("INSERT INTO node_pools (id, project, cluster_id, name, spec, created_at, updated_at)"
                + " VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $6)")
                .execute(Tuple.of(pool.id(), pool.project(), pool.clusterId(), pool.name(), pool.spec(),
                        pool.createdAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<NodePool> find(SqlClient client, String project, String clusterId, UUID id) {
        return client.preparedQuery(SELECT + " WHERE p.id = $1 AND p.project = $2 AND p.cluster_id = $3")
                .execute(Tuple.of(id, project, clusterId)).map(rows -> rows.iterator().hasNext() ? pool(rows.iterator().next()) : null);
    }

    /**
     * The pool row locked for this transaction: for deletion (FOR UPDATE), or while its nodes change (FOR NO KEY
     * UPDATE: changes of one pool's nodes queue one behind the other, and a deletion waits for them). A shared lock
     * would deadlock two adds that both go on to touch the pool row.
     */
    public Uni<NodePool> findLocked(SqlClient tx, String project, String clusterId, UUID id, boolean forDelete) {
        return tx.preparedQuery("SELECT id FROM node_pools WHERE id = $1 AND project = $2 AND cluster_id = $3"
                + (forDelete ? " FOR UPDATE" : " FOR NO KEY UPDATE"))
                .execute(Tuple.of(id, project, clusterId))
                .chain(rows -> rows.iterator().hasNext() ? find(tx, project, clusterId, id) : Uni.createFrom().nullItem());
    }

    public Uni<List<NodePool>> list(SqlClient client, String project, String clusterId) {
        return client.preparedQuery(SELECT + " WHERE p.project = $1 AND p.cluster_id = $2 ORDER BY p.created_at, p.name")
                .execute(Tuple.of(project, clusterId)).map(rows -> {
                    List<NodePool> pools = new ArrayList<>();
                    rows.forEach(r -> pools.add(pool(r)));
                    return pools;
                });
    }

    public Uni<Long> count(SqlClient tx, String project, String clusterId) {
        return tx.preparedQuery("SELECT count(*) AS n FROM node_pools WHERE project = $1 AND cluster_id = $2")
                .execute(Tuple.of(project, clusterId)).map(rows -> rows.iterator().next().getLong("n"));
    }

    public Uni<Void> delete(SqlClient tx, UUID id) {
        return tx.preparedQuery("DELETE FROM node_pools WHERE id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> touch(SqlClient tx, UUID id, Instant now) {
        return tx.preparedQuery("UPDATE node_pools SET updated_at = $2 WHERE id = $1")
                .execute(Tuple.of(id, now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    private static NodePool pool(Row r) {
        return new NodePool(r.getUUID("id"), r.getString("project"), r.getString("cluster_id"), r.getString("name"),
                r.getString("spec"), r.getOffsetDateTime("created_at").toInstant(), r.getOffsetDateTime("updated_at").toInstant(),
                (int) r.getLong("joined").longValue(), (int) r.getLong("joining").longValue());
    }
}
