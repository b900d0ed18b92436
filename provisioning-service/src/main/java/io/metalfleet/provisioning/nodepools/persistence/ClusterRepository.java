package io.metalfleet.provisioning.nodepools.persistence;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Clusters known from identity's events: active until their provider is deleted, then deleted for good. */
@ApplicationScoped
public class ClusterRepository {

    public record Cluster(String id, String providerId, String domain, boolean active) {
    }

    /** Records a registration; a cluster already deleted stays deleted (a late or replayed event cannot revive it). */
    public Uni<Void> registered(SqlClient tx, String id, String providerId, String domain, Instant now) {
        return tx.preparedQuery("INSERT INTO np_clusters (id, provider_id, domain, state, registered_at, updated_at)"
                + " VALUES ($1, $2, $3, 'active', $4, $4) ON CONFLICT (id) DO UPDATE SET provider_id = EXCLUDED.provider_id,"
                + " domain = EXCLUDED.domain, updated_at = EXCLUDED.updated_at WHERE np_clusters.state = 'active'")
                .execute(Tuple.of(id, providerId, domain, now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    public Uni<Void> deleted(SqlClient tx, String id, String providerId, Instant now) {
        return tx.preparedQuery("INSERT INTO np_clusters (id, provider_id, state, registered_at, updated_at)"
                + " VALUES ($1, $2, 'deleted', $3, $3) ON CONFLICT (id) DO UPDATE SET state = 'deleted', updated_at = EXCLUDED.updated_at")
                .execute(Tuple.of(id, providerId, now.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    public Uni<Cluster> find(SqlClient client, String id) {
        return client.preparedQuery("SELECT id, provider_id, domain, state FROM np_clusters WHERE id = $1")
                .execute(Tuple.of(id)).map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    var r = it.next();
                    return new Cluster(r.getString("id"), r.getString("provider_id"), r.getString("domain"),
                            "active".equals(r.getString("state")));
                });
    }
}
