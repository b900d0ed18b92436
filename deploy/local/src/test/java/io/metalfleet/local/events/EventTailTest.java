package io.metalfleet.local.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.metalfleet.local.infra.KafkaBroker;
import io.metalfleet.local.infra.Topics;
import io.metalfleet.local.testing.EventProbe;

/** The events tail against a real broker: binary and structured CloudEvents, foreign records, topic choice, secrets masked. */
class EventTailTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.onFreePorts().start();
        broker.createTopics(Topics.partitionsByTopic());
        EventProbe.publish(broker.bootstrapServers(), "inventory.servers", "6f1c0a52-0000-4000-8000-000000000001",
                "server.enrolled", "server-abc123",
                "{\"serverId\":\"server-abc123\",\"project\":\"p1\",\"bmc\":{\"credentials\":{\"keyId\":\"fleet-1\","
                        + "\"ciphertext\":\"c2VhbGVk\"},\"password\":\"hunter2-should-not-show\"}}",
                "urn:metalfleet:inventory-service");
        EventProbe.publish(broker.bootstrapServers(), "cert.certificates", "6f1c0a52-0000-4000-8000-000000000002",
                "certificate.issued", "5c1f", "{\"serial\":\"5c1f\",\"kind\":\"node\",\"private_key\":\"-----BEGIN\"}",
                "urn:metalfleet:cert-service");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> structured = new ProducerRecord<>("identity.providers", "prov-1",
                    "{\"specversion\":\"1.0\",\"id\":\"ev-3\",\"type\":\"provider.registered\",\"source\":\"urn:x\","
                            + "\"subject\":\"prov-1\",\"time\":\"2026-11-23T10:00:00Z\",\"data\":{\"providerId\":\"prov-1\"}}");
            structured.headers().add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
            producer.send(structured).get();
            producer.send(new ProducerRecord<>("provisioning.jobs", "k-4", "plain text, not JSON")).get();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldShowEveryTopicsEventsFromTheBeginningAsReadableCloudEvents() {
        List<String> shown = tail(List.of(), 4);
        assertEquals(4, shown.size(), "one block per record of every topic: " + shown);
        String enrolled = only(shown, "server.enrolled");
        assertTrue(enrolled.startsWith("server.enrolled  inventory.servers/"), enrolled);
        assertTrue(enrolled.contains("  subject  server-abc123\n"), enrolled);
        assertTrue(enrolled.contains("  source   urn:metalfleet:inventory-service\n"), enrolled);
        assertTrue(enrolled.contains("  id       6f1c0a52-0000-4000-8000-000000000001\n"), enrolled);
        assertTrue(enrolled.contains("  key      server-abc123\n"), enrolled);
        assertTrue(enrolled.matches("(?s).*  time     \\d{4}-\\d\\d-\\d\\dT.*"), enrolled);
        // pretty JSON, indented under the heading; the sealed ciphertext is public, a password never is
        assertTrue(enrolled.contains("\n    \"serverId\" : \"server-abc123\""), enrolled);
        assertTrue(enrolled.contains("\"ciphertext\" : \"c2VhbGVk\""), enrolled);
        assertFalse(enrolled.contains("hunter2"), enrolled);
        assertTrue(enrolled.contains("\"password\" : \"<redacted>\""), enrolled);

        String issued = only(shown, "certificate.issued");
        assertFalse(issued.contains("BEGIN"), issued);

        String structured = only(shown, "provider.registered");
        assertTrue(structured.contains("  subject  prov-1\n") && structured.contains("  id       ev-3\n"), structured);
        assertTrue(structured.contains("\"providerId\" : \"prov-1\""), structured);

        String foreign = only(shown, "(not a CloudEvent)");
        assertTrue(foreign.contains("provisioning.jobs/") && foreign.contains("(not JSON, 20 bytes)"), foreign);
    }

    @Test
    void shouldFollowOnlyTheNamedTopics() {
        List<String> shown = tail(List.of("cert.certificates"), 1);
        assertEquals(1, shown.size());
        assertTrue(shown.get(0).startsWith("certificate.issued  cert.certificates/"), shown.get(0));
    }

    @Test
    void shouldNameTheKnownTopicsWhenAskedForAnUnknownOne() {
        try (EventTail tail = new EventTail(settings(List.of("no.such.topic"), 1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tail.run(event -> { }));
            assertTrue(e.getMessage().contains("no topic 'no.such.topic'") && e.getMessage().contains("inventory.servers"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("__consumer_offsets"), e.getMessage());
        }
    }

    @Test
    void shouldStopWhenAskedFromAnotherThread() throws Exception {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (EventTail tail = new EventTail(settings(List.of(), 0))) {
            List<String> shown = new CopyOnWriteArrayList<>();
            Future<?> running = runner.submit(() -> tail.run(shown::add));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (shown.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(4, shown.size(), "every record seen before stopping");
            tail.stop();
            running.get(30, TimeUnit.SECONDS); // returns: Ctrl-C ends the tail
            assertTrue(tail.topics().containsAll(Topics.partitionsByTopic().keySet()), tail.topics().toString());
        } finally {
            runner.shutdownNow();
        }
    }

    /** Tails until {@code count} records were shown, or gives up (stops the tail) after a deadline. */
    private static List<String> tail(List<String> topics, int count) {
        List<String> shown = new CopyOnWriteArrayList<>();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (EventTail tail = new EventTail(settings(topics, count))) {
            Future<?> running = runner.submit(() -> tail.run(shown::add));
            try {
                running.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                tail.stop(); // fewer records than expected: the assertions say so
                awaitQuietly(running);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        } finally {
            runner.shutdownNow();
        }
        return shown;
    }

    private static void awaitQuietly(Future<?> running) {
        try {
            running.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the caller reports what was shown
        }
    }

    private static EventTail.Settings settings(List<String> topics, long max) {
        return new EventTail.Settings(broker.bootstrapServers(), topics, true, false, Duration.ofMillis(200),
                Duration.ofSeconds(5), max);
    }

    private static String only(List<String> shown, String heading) {
        List<String> matching = shown.stream().filter(block -> block.startsWith(heading + "  ")).toList();
        assertEquals(1, matching.size(), heading + " in " + shown);
        return matching.get(0);
    }

}
