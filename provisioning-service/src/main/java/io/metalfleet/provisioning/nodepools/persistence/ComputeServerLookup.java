package io.metalfleet.provisioning.nodepools.persistence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads seed 002's servers (table compute_servers, owned by package compute) for the node-pool rules:
 * only id, project, name, status and host_id, which that package documents as read by node pools.
 */
@ApplicationScoped
public class ComputeServerLookup {

    public record ComputeServer(String id, String project, String name, String status, String hostId) {
    }

    /** The given servers that belong to {@code project}, by id. */
    public Uni<Map<String, ComputeServer>> inProject(SqlClient client, String project, List<String> ids) {
        return client.preparedQuery("SELECT id, project, name, status, host_id FROM compute_servers"
                + " WHERE id = ANY($1) AND project = $2")
                .execute(Tuple.of(ids.toArray(new String[0]), project)).map(rows -> {
                    Map<String, ComputeServer> found = new LinkedHashMap<>();
                    rows.forEach(r -> found.put(r.getString("id"), new ComputeServer(r.getString("id"), r.getString("project"),
                            r.getString("name"), r.getString("status"), r.getString("host_id"))));
                    return found;
                });
    }
}
