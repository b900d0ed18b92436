package io.metalfleet.provisioning.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.metalfleet.provisioning.domain.FleetOperations;
import io.metalfleet.provisioning.persistence.OperationRepository;
import io.metalfleet.provisioning.persistence.OperationRepository.Operation;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The commands of many Kafka polls, claimed while the polls after them are read (claims overlap): each item is still
 * claimed once, a command delivered again is skipped, and every poll is acknowledged (the group's committed offsets
 * pass every record sent) only once its commands' results are written.
 */
@QuarkusTest
class OverlappingPollsTest {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final int SERVERS = 600;
    static final int PER_FLUSH = 50;

    @Inject
    Pool database;
    @Inject
    OperationRepository operations;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldClaimEveryCommandOfOverlappingPollsOnceAndAcknowledgeEveryPoll() throws Exception {
        // servers the read model does not know: each command is claimed, then fails at once ("no longer enrolled"),
        // so the test exercises the claims and acknowledgements, not the BMCs
        List<String> servers = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < SERVERS; i++) {
            servers.add("server-ov" + run + "-" + i);
        }
        String op = "op-ov" + run;
        database.withTransaction(tx -> operations.insert(tx, new Operation(op, "us-test-1", "project-overlap", "On", null, null,
                null, "running", SERVERS, "tester", Instant.now(), null), servers)).await().atMost(WAIT);

        // flushed a few dozen at a time, so they reach the replica in many polls; the first hundred twice (a redelivery)
        Map<TopicPartition, Long> lastOffsets = new HashMap<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            List<String> sends = new ArrayList<>(servers);
            sends.addAll(servers.subList(0, 100));
            for (int from = 0; from < sends.size(); from += PER_FLUSH) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (String server : sends.subList(from, Math.min(sends.size(), from + PER_FLUSH))) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(FleetOperations.COMMANDS_TOPIC, server,
                            "{\"operationId\":\"" + op + "\",\"serverId\":\"" + server + "\",\"action\":\"On\"}");
                    header(record, "ce_specversion", "1.0");
                    header(record, "ce_id", UUID.randomUUID().toString());
                    header(record, "ce_type", FleetOperations.COMMAND_TYPE);
                    header(record, "ce_source", "urn:metalfleet:provisioning-service");
                    header(record, "ce_subject", server);
                    acks.add(producer.send(record));
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    RecordMetadata sent = ack.get();
                    lastOffsets.merge(new TopicPartition(sent.topic(), sent.partition()), sent.offset(), Math::max);
                }
            }
        }

        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Long> states = Map.of();
        while (System.nanoTime() < deadline) {
            states = new HashMap<>();
            for (Row r : database.preparedQuery("SELECT state, count(*) AS n FROM operation_items WHERE operation_id = $1 GROUP BY state")
                    .execute(Tuple.of(op)).await().atMost(WAIT)) {
                states.put(r.getString("state"), r.getLong("n"));
            }
            if (states.getOrDefault("failed", 0L) == SERVERS) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(Map.of("failed", (long) SERVERS), states, "every item run to its end");
        Row attempts = database.preparedQuery("SELECT min(attempts) AS lo, max(attempts) AS hi, count(*) FILTER"
                + " (WHERE error LIKE '%no longer enrolled%') AS reported FROM operation_items WHERE operation_id = $1")
                .execute(Tuple.of(op)).await().atMost(WAIT).iterator().next();
        assertEquals(1, attempts.getInteger("lo"));
        assertEquals(1, attempts.getInteger("hi"), "no item claimed twice, the redelivered commands included");
        assertEquals(SERVERS, attempts.getLong("reported"), "each with its reason");
        assertEquals("failed", database.preparedQuery("SELECT state FROM operations WHERE id = $1").execute(Tuple.of(op))
                .await().atMost(WAIT).iterator().next().getString("state"), "the operation closed");

        // every poll acknowledged: the committed offset of each partition passes the last record sent to it
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Map<TopicPartition, Long> behind = new HashMap<>(lastOffsets);
        try (Admin admin = Admin.create(adminProps)) {
            while (System.nanoTime() < deadline && !behind.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("provisioning-commands")
                        .partitionsToOffsetAndMetadata().get();
                behind.entrySet().removeIf(e -> committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() > e.getValue());
                Thread.sleep(200);
            }
        }
        assertTrue(behind.isEmpty(), "partitions whose commands were not all acknowledged: " + behind);
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
