package io.metalfleet.provisioning.nodepools.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Servers in pools: at most one pool per server (the primary key), joining until the certificate comes. */
@ApplicationScoped
public class PoolNodeRepository {

    public record Membership(String serverId, UUID poolId, String nodeName, String state) {
    }

    public record SealedKey(String serverId, String keyId, String sealed) {
    }

    /** The pools the given servers are in (servers in none are absent from the map). */
    public Uni<Map<String, Membership>> memberships(SqlClient client, List<String> serverIds) {
        return client.preparedQuery("SELECT server_id, pool_id, node_name, state FROM pool_nodes WHERE server_id = ANY($1)")
                .execute(Tuple.of(serverIds.toArray(new String[0]))).map(rows -> {
                    Map<String, Membership> found = new LinkedHashMap<>();
                    rows.forEach(r -> found.put(r.getString("server_id"), new Membership(r.getString("server_id"),
                            r.getUUID("pool_id"), r.getString("node_name"), r.getString("state"))));
                    return found;
                });
    }

    /** Fails with a unique violation (23505) when a server is in a pool already: a concurrent add won. */
    public Uni<Void> insertJoining(SqlClient tx, UUID poolId, UUID jobId, Map<String, String> nodeNames, Instant now) {
        // in server id order: two adds naming the same servers in another order wait for each other instead of deadlocking
        List<Tuple> rows = new ArrayList<>(nodeNames.size());
        new java.util.TreeMap<>(nodeNames).forEach((serverId, name) -> rows.add(Tuple.of(serverId, poolId, name, jobId,
                now.atOffset(ZoneOffset.UTC))));
        return tx.preparedQuery("INSERT INTO pool_nodes (server_id, pool_id, node_name, state, job_id, updated_at)"
                + " VALUES ($1, $2, $3, 'joining', $4, $5)").executeBatch(rows).replaceWithVoid();
    }

    public Uni<Void> storeKeys(SqlClient tx, UUID jobId, List<SealedKey> keys, Instant now) {
        List<Tuple> rows = new ArrayList<>(keys.size());
        keys.forEach(k -> rows.add(Tuple.of(k.serverId(), jobId, k.keyId(), k.sealed(), now.atOffset(ZoneOffset.UTC))));
        return tx.preparedQuery("UPDATE pool_nodes SET key_id = $3, key_sealed = $4, updated_at = $5"
                + " WHERE server_id = $1 AND job_id = $2 AND state = 'joining'").executeBatch(rows).replaceWithVoid();
    }

    public Uni<Void> markJoined(SqlClient tx, UUID jobId, String serverId, String serial, String certificate, Instant now) {
        return tx.preparedQuery("UPDATE pool_nodes SET state = 'joined', certificate_serial = $3, certificate = $4, updated_at = $5"
                + " WHERE server_id = $1 AND job_id = $2 AND state = 'joining'")
                .execute(Tuple.of(serverId, jobId, serial, certificate, now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    /** A failed join releases the server (and drops its key), so it can be added again. */
    public Uni<Void> releaseJoining(SqlClient tx, UUID jobId, List<String> serverIds) {
        if (serverIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("DELETE FROM pool_nodes WHERE job_id = $1 AND server_id = ANY($2) AND state = 'joining'")
                .execute(Tuple.of(jobId, serverIds.toArray(new String[0]))).replaceWithVoid();
    }

    public Uni<Void> remove(SqlClient tx, UUID poolId, List<String> serverIds) {
        return tx.preparedQuery("DELETE FROM pool_nodes WHERE pool_id = $1 AND server_id = ANY($2)")
                .execute(Tuple.of(poolId, serverIds.toArray(new String[0]))).replaceWithVoid();
    }

    /** The sealed key of a node (tests and the node's key delivery); null when it has none. */
    public Uni<SealedKey> sealedKey(SqlClient client, String serverId) {
        return client.preparedQuery("SELECT server_id, key_id, key_sealed FROM pool_nodes WHERE server_id = $1")
                .execute(Tuple.of(serverId)).map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    var r = it.next();
                    return new SealedKey(r.getString("server_id"), r.getString("key_id"), r.getString("key_sealed"));
                });
    }
}
