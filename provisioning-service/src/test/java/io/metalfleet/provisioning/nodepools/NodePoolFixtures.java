package io.metalfleet.provisioning.nodepools;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.metalfleet.local.testing.EventProbe;
import io.metalfleet.local.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Test data for node pools: clusters registered through identity's event, pools through the API, servers in place. */
final class NodePoolFixtures {

    static final String IDENTITY_SOURCE = "urn:metalfleet:identity-service";
    static final String CERT_SOURCE = "urn:metalfleet:cert-service";

    private NodePoolFixtures() {
    }

    static String base(String project, String cluster) {
        return "/api/v3/projects/" + project + "/clusters/" + cluster + "/nodepools";
    }

    static String operator(String project) {
        return "Bearer " + TestTokens.operator(project);
    }

    static String clusterRegistered(String clusterId) {
        return """
                {"clusterId":"%s","providerId":"%s","type":"oneprovider","domain":"%s.example.com",
                 "adminUserId":"admin-1","registeredAt":"2026-11-23T10:00:00Z"}""".formatted(clusterId, clusterId, clusterId);
    }

    /** cluster.registered as identity-service publishes it, then waits until it is consumed (its inbox row). */
    static void registerCluster(String bootstrap, Pool database, String clusterId) throws InterruptedException {
        String eventId = UUID.randomUUID().toString();
        EventProbe.publish(bootstrap, "identity.providers", eventId, "cluster.registered", clusterId,
                clusterRegistered(clusterId), IDENTITY_SOURCE);
        awaitConsumed(database, eventId);
    }

    /** Waits until the service has applied the event (its inbox row is written in the applying transaction). */
    static void awaitConsumed(Pool database, String eventId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (database.preparedQuery("SELECT 1 FROM inbox WHERE event_id = $1").execute(Tuple.of(eventId))
                .await().indefinitely().rowCount() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("event " + eventId + " not consumed within 30 s");
            }
            Thread.sleep(100);
        }
    }

    static String poolBody(String name) {
        return """
                {"kind":"NodePool","apiVersion":"v3","metadata":{"name":"%s"},
                 "spec":{"type":"pm","initialNodeCount":0,"nodeTemplate":{"flavor":"bm.gpu.8","az":"az-1","os":"Ubuntu 24.04",
                 "k8sTags":{"metalfleet.io/pool":"%s"}}}}""".formatted(name, name);
    }

    static Response createPool(String project, String cluster, String name) {
        return given().header("Authorization", operator(project)).contentType(ContentType.JSON).body(poolBody(name))
                .post(base(project, cluster));
    }

    /**
     * An ACTIVE (or other status) seed-002 server put in place as a row of compute_servers: building one through
     * the servers API takes a machine boot per server, which the journey demo covers; these tests are about the
     * node-pool rules, which read only id, project, name and status.
     */
    static String server(Pool database, String project, String status) {
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        database.preparedQuery("INSERT INTO compute_servers (id, project, name, status, progress, host_id, image_id, image_name,"
                + " flavor_id, flavor_name, security_group_id, boot_method, admin_pass_hash, phase, created_at, updated_at)"
                + " VALUES ($1, $2, $3, $4, 100, $5, 'img-1', 'ubuntu', 'flv-1', 'bm.gpu.8', 'sg-1', 'Pxe', 'x', 'running', $6, $6)")
                .execute(Tuple.tuple(java.util.List.of(id, project, "srv-" + id.substring(0, 6), status, "server-" + id.substring(0, 6), now)))
                .await().indefinitely();
        return id;
    }

    static String nodeList(String... serverIds) {
        StringBuilder list = new StringBuilder();
        for (String id : serverIds) {
            list.append(list.isEmpty() ? "" : ",").append("{\"serverID\":\"").append(id).append("\"}");
        }
        return "{\"kind\":\"List\",\"apiVersion\":\"v3\",\"nodeList\":[" + list + "]}";
    }
}
