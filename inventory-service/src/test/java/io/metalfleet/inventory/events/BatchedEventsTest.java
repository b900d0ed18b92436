package io.metalfleet.inventory.events;

import static io.metalfleet.inventory.Fixtures.awaitServer;
import static io.metalfleet.inventory.Fixtures.enroll;
import static io.metalfleet.inventory.Fixtures.items;
import static io.metalfleet.inventory.Fixtures.newProject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.metalfleet.local.testing.EventProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * provisioning.servers is consumed a poll at a time and each poll applied in one transaction. The events here are sent
 * by one producer in one burst, so they reach the service in one or a few polls: duplicates inside the burst, several
 * events of one server whose order matters, a redelivery of the whole burst, and a record that can never apply.
 */
@QuarkusTest
class BatchedEventsTest {

    private static final String TOPIC = "provisioning.servers";
    private static final String DEAD_LETTERS = "inventory.dead-letters";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private record Event(String id, String type, String subject, String data) {
    }

    @Test
    void shouldApplyABurstInOrderOnceEachAndIgnoreItsRedelivery() {
        String project = newProject();
        List<String> ids = enroll(project, items(2)).statusCode(200).extract().path("succeeded.id");
        String a = ids.get(0);
        String b = ids.get(1);
        String a1 = UUID.randomUUID().toString();
        String b1 = UUID.randomUUID().toString();
        List<Event> burst = List.of(
                new Event(a1, EventTypes.SERVER_INSPECTED, a, inspected(a, 64, null)),
                new Event(b1, EventTypes.SERVER_INSPECTION_FAILED, b, "{\"serverId\":\"" + b + "\",\"reason\":\"BMC said 500\"}"),
                new Event(UUID.randomUUID().toString(), EventTypes.SERVER_STATE_CHANGED, a, state(a, "provisioning")),
                // the same CloudEvents id again with other data: a duplicate, never applied
                new Event(a1, EventTypes.SERVER_INSPECTED, a, inspected(a, 8, null)),
                new Event(UUID.randomUUID().toString(), EventTypes.SERVER_STATE_CHANGED, a, state(a, "provisioned")),
                new Event(UUID.randomUUID().toString(), EventTypes.SERVER_HEALTH_CHANGED, a,
                        health(a, "degraded", "fan 3 stopped", "2099-01-01T00:00:00Z")),
                new Event(UUID.randomUUID().toString(), EventTypes.SERVER_INSPECTED, b, inspected(b, 32, "2099-01-02T00:00:00Z")));
        publish(burst);

        // provisioning → provisioned only in this order; error → available only after the failure.
        JsonPath serverA = awaitServer(project, a, s -> "degraded".equals(s.getString("healthStatus.status")));
        assertEquals("provisioned", serverA.getString("provisioningState"));
        assertEquals(64, serverA.getInt("hardwareSpecs.cpu.cores"), "the duplicate was not applied");
        assertEquals(List.of("fan 3 stopped"), serverA.getList("healthStatus.failureReasons"));
        JsonPath serverB = awaitServer(project, b, s -> "available".equals(s.getString("provisioningState")));
        assertEquals("healthy", serverB.getString("healthStatus.status"));
        assertEquals(32, serverB.getInt("hardwareSpecs.cpu.cores"));

        // The whole burst again (as after a rebalance), then a marker per server on the same partition.
        List<Event> again = new ArrayList<>(burst);
        again.add(new Event(UUID.randomUUID().toString(), EventTypes.SERVER_HEALTH_CHANGED, a,
                health(a, "healthy", "marker a", "2099-02-01T00:00:00Z")));
        again.add(new Event(UUID.randomUUID().toString(), EventTypes.SERVER_HEALTH_CHANGED, b,
                health(b, "healthy", "marker b", "2099-02-01T00:00:00Z")));
        publish(again);
        JsonPath afterA = awaitServer(project, a, s -> s.getList("healthStatus.failureReasons").contains("marker a"));
        JsonPath afterB = awaitServer(project, b, s -> s.getList("healthStatus.failureReasons").contains("marker b"));
        assertEquals("provisioned", afterA.getString("provisioningState"));
        assertEquals(64, afterA.getInt("hardwareSpecs.cpu.cores"));
        assertEquals("available", afterB.getString("provisioningState"), "the redelivered failure was not applied again");
    }

    @Test
    void shouldDeadLetterARecordThatCanNeverApplyAndApplyTheRestOfItsBatch() {
        String project = newProject();
        List<String> ids = enroll(project, items(3)).statusCode(200).extract().path("succeeded.id");
        String marker = "poison-" + UUID.randomUUID();
        // An id longer than the inbox keeps (256): recording it fails however often it is tried.
        String poisonId = marker + "-" + "x".repeat(300);
        List<Event> burst = new ArrayList<>();
        burst.add(new Event(UUID.randomUUID().toString(), EventTypes.SERVER_INSPECTED, ids.get(0), inspected(ids.get(0), 16, null)));
        burst.add(new Event(poisonId, EventTypes.SERVER_INSPECTED, ids.get(1), inspected(ids.get(1), 16, null)));
        burst.add(new Event(UUID.randomUUID().toString(), EventTypes.SERVER_INSPECTED, ids.get(1), inspected(ids.get(1), 24, null)));
        burst.add(new Event(UUID.randomUUID().toString(), EventTypes.SERVER_INSPECTED, ids.get(2), inspected(ids.get(2), 48, null)));
        publish(burst);

        assertEquals(16, awaitServer(project, ids.get(0), s -> "available".equals(s.getString("provisioningState")))
                .getInt("hardwareSpecs.cpu.cores"));
        assertEquals(24, awaitServer(project, ids.get(1), s -> "available".equals(s.getString("provisioningState")))
                .getInt("hardwareSpecs.cpu.cores"));
        assertEquals(48, awaitServer(project, ids.get(2), s -> "available".equals(s.getString("provisioningState")))
                .getInt("hardwareSpecs.cpu.cores"));
        List<ConsumerRecord<String, String>> dead = EventProbe.await(bootstrap, DEAD_LETTERS,
                r -> poisonId.equals(EventProbe.header(r, "ce_id")), 1, Duration.ofSeconds(60));
        assertEquals(1, dead.size(), "the poison record is on " + DEAD_LETTERS);
        assertEquals(ids.get(1), dead.get(0).key());
        List<ConsumerRecord<String, String>> others = EventProbe.await(bootstrap, DEAD_LETTERS,
                r -> r.value() != null && r.value().contains(project) && !poisonId.equals(EventProbe.header(r, "ce_id")),
                1, Duration.ofSeconds(2));
        assertEquals(List.of(), others, "only the poison record is dead-lettered");
    }

    private static String inspected(String id, int cores, String at) {
        return "{\"serverId\":\"" + id + "\"," + (at == null ? "" : "\"inspectedAt\":\"" + at + "\",")
                + "\"hardwareSpecs\":{\"cpu\":{\"cores\":" + cores + "},\"ram\":{\"totalGiB\":256},\"gpu\":{}}}";
    }

    private static String state(String id, String state) {
        return "{\"serverId\":\"" + id + "\",\"provisioningState\":\"" + state + "\"}";
    }

    private static String health(String id, String status, String reason, String at) {
        return "{\"serverId\":\"" + id + "\",\"status\":\"" + status + "\",\"failureReasons\":[\"" + reason
                + "\"],\"checkedAt\":\"" + at + "\"}";
    }

    /** All the events through one producer without waiting in between, as provisioning's outbox relay sends them. */
    private void publish(List<Event> events) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (Event e : events) {
                ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, e.subject(), e.data());
                record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(e.id()))
                        .add("ce_type", bytes(e.type())).add("ce_source", bytes("urn:metalfleet:provisioning-service"))
                        .add("ce_subject", bytes(e.subject())).add("ce_time", bytes(Instant.now().toString()))
                        .add("content-type", bytes("application/json"));
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
