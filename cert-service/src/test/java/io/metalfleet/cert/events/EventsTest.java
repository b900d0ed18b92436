package io.metalfleet.cert.events;

import io.metalfleet.local.testing.EventProbe;

import static io.metalfleet.cert.Fixtures.asAdmin;
import static io.metalfleet.cert.Fixtures.ca;
import static io.metalfleet.cert.Fixtures.createProduct;
import static io.metalfleet.cert.Fixtures.newProject;
import static io.metalfleet.cert.Fixtures.nodeCertificates;
import static io.metalfleet.local.testing.EventProbe.header;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.cert.LogCapture;
import io.metalfleet.cert.pki.TestPki;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Events in and out through the real broker: cluster.registered, node.joining → certificate.issued, revocations, products. */
@QuarkusTest
class EventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldIssueANodeCertificateUnderTheClusterCaOnNodeJoiningAndPublishCertificateIssued() throws Exception {
        LogCapture logs = LogCapture.install();
        String cluster = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        String project = newProject();
        EventProbe.publish(bootstrap, "identity.providers", UUID.randomUUID().toString(), "cluster.registered", cluster,
                JSON.writeValueAsString(Map.of("clusterId", cluster, "providerId", cluster, "domain", cluster + ".edge.example",
                        "adminUserId", "u-1")), "urn:metalfleet:identity-service");

        awaitCluster(cluster);

        var keys = TestPki.ec("secp256r1");
        String csr = TestPki.csr(keys, "node-7", "DNS:node-7", "DNS:node-7." + cluster + ".edge.example");
        String jobId = "job-" + UUID.randomUUID().toString().substring(0, 8);
        String eventId = UUID.randomUUID().toString();
        String data = JSON.writeValueAsString(Map.of("jobId", jobId, "projectId", project, "clusterId", cluster,
                "serverId", "server-abc123", "nodeName", "node-7", "csr", csr));
        EventProbe.publish(bootstrap, "provisioning.jobs", eventId, "node.joining", cluster, data, "urn:metalfleet:provisioning-service");
        // Delivered twice (at least once): applied once.
        EventProbe.publish(bootstrap, "provisioning.jobs", eventId, "node.joining", cluster, data, "urn:metalfleet:provisioning-service");

        List<ConsumerRecord<String, String>> issued = EventProbe.await(bootstrap, EventTypes.CERTIFICATES_TOPIC,
                r -> "certificate.issued".equals(header(r, "ce_type")) && r.value().contains(jobId), 1, WAIT);
        assertEquals(1, issued.size());
        ConsumerRecord<String, String> record = issued.get(0);
        JsonNode event = JSON.readTree(record.value());
        assertEquals(event.path("serial").asText(), record.key(), "keyed by serial");
        assertEquals("urn:metalfleet:cert-service", header(record, "ce_source"));
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals(event.path("serial").asText(), header(record, "ce_subject"));
        assertEquals("server-abc123", event.path("serverId").asText());
        assertEquals(cluster, event.path("clusterId").asText());
        assertEquals("node-7", event.path("nodeName").asText());
        assertEquals("CN=node-7", event.path("subject").asText());
        Instant.parse(event.path("notAfter").asText());
        assertFalse(record.value().contains("PRIVATE KEY"));

        X509Certificate certificate = TestPki.certificates(event.path("certificate").asText()).get(0);
        assertEquals(keys.getPublic(), certificate.getPublicKey());
        String clusterCa = asAdmin().get(ca(project) + "/clusters/" + cluster).then().statusCode(200).extract().asString();
        certificate.verify(TestPki.certificates(clusterCa).get(0).getPublicKey());
        assertTrue(certificate.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("node-7." + cluster + ".edge.example")),
                "the cluster's domain is a name the node may claim");

        List<ConsumerRecord<String, String>> again = EventProbe.await(bootstrap, EventTypes.CERTIFICATES_TOPIC,
                r -> "certificate.issued".equals(header(r, "ce_type")) && r.value().contains(jobId), 2, Duration.ofSeconds(3));
        assertEquals(1, again.size(), "a redelivered node.joining issues nothing more");
        assertTrue(logs.lines().stream().noneMatch(l -> l.contains("PRIVATE KEY")));
    }

    @Test
    void shouldPublishProductCreatedIssuedAndRevokedWithoutAnySecret() throws Exception {
        LogCapture logs = LogCapture.install();
        String project = newProject();
        var created = createProduct(project, "evented").jsonPath();
        String productId = created.getString("product.id");
        String identifier = created.getString("product.identifier");
        String keyBody = created.getString("product.private_key").split("\n")[1];
        String node = given().contentType(ContentType.JSON)
                .body(Map.of("identifier", identifier, "csr", TestPki.csr(TestPki.ec("secp256r1"), "edge-ev")))
                .post(nodeCertificates(project)).then().statusCode(201).extract().path("serial");
        asAdmin().body(Map.of("reason", "cessationOfOperation")).post(ca(project) + "/certificates/" + node + "/revoke")
                .then().statusCode(200);

        ConsumerRecord<String, String> product = single(r -> "product.created".equals(header(r, "ce_type")) && productId.equals(r.key()));
        assertEquals(project, JSON.readTree(product.value()).path("projectId").asText());
        ConsumerRecord<String, String> issued = single(r -> "certificate.issued".equals(header(r, "ce_type")) && node.equals(r.key()));
        assertEquals(productId, JSON.readTree(issued.value()).path("productId").asText());
        ConsumerRecord<String, String> revoked = single(r -> "certificate.revoked".equals(header(r, "ce_type")) && node.equals(r.key()));
        assertEquals("cessationOfOperation", JSON.readTree(revoked.value()).path("reason").asText());

        List<ConsumerRecord<String, String>> all = EventProbe.await(bootstrap, EventTypes.CERTIFICATES_TOPIC, r -> true,
                Integer.MAX_VALUE, Duration.ofSeconds(3));
        for (ConsumerRecord<String, String> record : all) {
            assertFalse(record.value().contains("PRIVATE KEY") || record.value().contains(keyBody), "no key in " + header(record, "ce_type"));
            assertFalse(record.value().contains(identifier.substring(37)), "no identifier in events");
        }
        for (String line : logs.lines()) {
            assertFalse(line.contains("PRIVATE KEY") || line.contains(keyBody) || line.contains(identifier.substring(37)),
                    "no secret in the log: " + line);
        }
    }

    @Inject
    Pool database;

    /** Polls, with a deadline, until cluster.registered has been applied (another topic: no order with node.joining). */
    private void awaitCluster(String cluster) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long rows = database.preparedQuery("SELECT count(*) AS n FROM clusters c JOIN cas a ON a.owner_id = c.cluster_id"
                    + " WHERE c.cluster_id = $1 AND a.owner_type = 'cluster'").execute(Tuple.of(cluster))
                    .await().indefinitely().iterator().next().getLong("n");
            if (rows == 1) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("cluster.registered for " + cluster + " was not applied within " + WAIT);
    }

    private ConsumerRecord<String, String> single(java.util.function.Predicate<ConsumerRecord<String, String>> wanted) {
        List<ConsumerRecord<String, String>> found = EventProbe.await(bootstrap, EventTypes.CERTIFICATES_TOPIC, wanted, 1, WAIT);
        assertEquals(1, found.size());
        return found.get(0);
    }
}
