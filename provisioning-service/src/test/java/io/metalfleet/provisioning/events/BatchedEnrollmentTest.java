package io.metalfleet.provisioning.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.metalfleet.local.testing.EventProbe;
import io.metalfleet.provisioning.TestFleet;
import io.metalfleet.provisioning.domain.InventoryUpdates;
import io.metalfleet.provisioning.persistence.ServerRecord;
import io.metalfleet.provisioning.persistence.ServerRepository;
import io.metalfleet.simulator.SimulatedBmc;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * inventory.servers consumed a poll at a time (one transaction per batch): events sent together, so that they
 * arrive in one poll, still apply each once and in each server's order.
 */
@QuarkusTest
class BatchedEnrollmentTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Pool database;
    @Inject
    InventoryUpdates updates;
    @Inject
    ServerRepository servers;

    static final ObjectMapper JSON = new ObjectMapper();

    record Sent(String id, String type, String subject, String data) {
    }

    @Test
    void shouldApplyABatchOnceAndInEachServersOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 5);
        String twice = "server-a" + run; // enrolled by one event delivered twice
        String updated = "server-u" + run; // enrolled, then its tags changed
        String deleted = "server-d" + run; // enrolled, then deleted
        String reEnrolled = "server-r" + run; // enrolled twice (two events): the later credentials count
        SimulatedBmc bmcA = TestFleet.fleet().bmc(17);
        SimulatedBmc bmcU = TestFleet.fleet().bmc(18);
        SimulatedBmc bmcD = TestFleet.fleet().bmc(19);
        SimulatedBmc bmcR = TestFleet.fleet().bmc(20);
        String duplicateId = UUID.randomUUID().toString();
        String enrolledA = TestFleet.enrolled(twice, "project-batch", bmcA, bmcA.password(), "worker");
        List<Sent> batch = List.of(
                new Sent(duplicateId, "server.enrolled", twice, enrolledA),
                new Sent(UUID.randomUUID().toString(), "server.enrolled", updated,
                        TestFleet.enrolled(updated, "project-batch", bmcU, bmcU.password(), "worker")),
                new Sent(UUID.randomUUID().toString(), "server.enrolled", reEnrolled,
                        TestFleet.enrolled(reEnrolled, "project-batch", bmcR, "wrong-password", "worker")),
                new Sent(duplicateId, "server.enrolled", twice, enrolledA),
                new Sent(UUID.randomUUID().toString(), "server.updated", updated,
                        "{\"serverId\":\"" + updated + "\",\"server\":{\"id\":\"" + updated
                                + "\",\"tags\":{\"rack\":\"r9\"},\"persona\":\"storage\"}}"),
                new Sent(UUID.randomUUID().toString(), "server.enrolled", deleted,
                        TestFleet.enrolled(deleted, "project-batch", bmcD, bmcD.password(), "worker")),
                new Sent(UUID.randomUUID().toString(), "server.deleted", deleted,
                        "{\"serverId\":\"" + deleted + "\",\"awaitingRelease\":false}"),
                new Sent(UUID.randomUUID().toString(), "server.enrolled", reEnrolled,
                        TestFleet.enrolled(reEnrolled, "project-batch", bmcR, bmcR.password(), "worker")));
        publishTogether(batch);

        Set<String> inspectedOnce = Set.of(twice, updated, reEnrolled);
        List<ConsumerRecord<String, String>> found = EventProbe.await(bootstrap, "provisioning.servers",
                r -> inspectedOnce.contains(r.key()), 3, Duration.ofSeconds(60));
        Map<String, String> types = found.stream()
                .collect(Collectors.toMap(ConsumerRecord::key, r -> EventProbe.header(r, "ce_type"), (a, b) -> a + "," + b, TreeMap::new));
        assertEquals(Map.of(twice, "server.inspected", updated, "server.inspected", reEnrolled, "server.inspected"), types,
                "each enrolled server inspected (the re-enrolled one with its later, right credentials)");

        // the update came after the enrollment of the same server: applied on top of it
        Row u = row(updated);
        assertEquals("{\"rack\":\"r9\"}", u.getString("tags"));
        assertEquals("storage", u.getString("persona"));
        // the deletion came after the enrollment: nothing left of it
        assertEquals(0, database.preparedQuery("SELECT id FROM servers WHERE id = $1").execute(Tuple.of(deleted))
                .await().indefinitely().size());
        // the event delivered twice is in the inbox once and its server was inspected once
        assertEquals(1L, database.preparedQuery("SELECT count(*) AS n FROM inbox WHERE event_id = $1").execute(Tuple.of(duplicateId))
                .await().indefinitely().iterator().next().getLong("n"));
        List<ConsumerRecord<String, String>> again = EventProbe.await(bootstrap, "provisioning.servers",
                r -> inspectedOnce.contains(r.key()), 4, Duration.ofSeconds(3));
        assertEquals(3, again.size(), "no server inspected twice: " + again.stream().map(ConsumerRecord::key).toList());
        assertTrue(row(twice).getString("provisioning_state").equals("available"));
    }

    @Test
    void shouldApplyAPollOfAThousandDeletionsInOneBatch() {
        // a fleet's cleanup read in one poll (e.g. after a restart): each deletion is a step of the batch's transaction
        String run = UUID.randomUUID().toString().substring(0, 5);
        List<InventoryUpdates.Event> deletions = new ArrayList<>();
        List<ServerRecord> enrolled = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String id = "server-x" + run + "-" + i;
            enrolled.add(new ServerRecord(id, "us-test-1", "project-batch", "http://127.0.0.1:9", null, null, "{}", null, "error",
                    null, null));
            deletions.add(new InventoryUpdates.Event(UUID.randomUUID().toString(), "server.deleted",
                    JSON.createObjectNode().put("serverId", id).put("awaitingRelease", false)));
        }
        servers.upsertAll(database, enrolled, Instant.now()).await().atMost(Duration.ofSeconds(60));
        updates.applyAll(deletions).await().atMost(Duration.ofSeconds(120));
        assertEquals(0L, database.preparedQuery("SELECT count(*) AS n FROM servers WHERE id LIKE $1")
                .execute(Tuple.of("server-x" + run + "-%")).await().indefinitely().iterator().next().getLong("n"),
                "every server of the batch deleted");
    }

    private Row row(String id) {
        var rows = database.preparedQuery("SELECT tags, persona, provisioning_state FROM servers WHERE id = $1")
                .execute(Tuple.of(id)).await().indefinitely();
        assertEquals(1, rows.size(), "server " + id + " in the read model");
        return rows.iterator().next();
    }

    /** One producer, one flush: the records leave in one request, so the consumer's next poll holds them together. */
    private void publishTogether(List<Sent> events) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "200");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (Sent e : events) {
                ProducerRecord<String, String> record = new ProducerRecord<>("inventory.servers", e.subject(), e.data());
                record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(e.id())).add("ce_type", bytes(e.type()))
                        .add("ce_source", bytes("urn:metalfleet:inventory-service")).add("ce_subject", bytes(e.subject()))
                        .add("ce_time", bytes(Instant.now().toString())).add("content-type", bytes("application/json"));
                sent.add(producer.send(record));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
