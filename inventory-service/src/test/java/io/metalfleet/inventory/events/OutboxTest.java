package io.metalfleet.inventory.events;

import io.metalfleet.local.testing.EventProbe;

import static io.metalfleet.inventory.Fixtures.enroll;
import static io.metalfleet.inventory.Fixtures.items;
import static io.metalfleet.inventory.Fixtures.newProject;
import static io.metalfleet.local.testing.EventProbe.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.metalfleet.local.testing.KafkaTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** With the broker down, enrollment still succeeds; its events wait in the outbox and go out once the broker is back. */
@QuarkusTest
class OutboxTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Pool database;

    @Test
    void shouldDeliverEventsWrittenWhileKafkaWasDownOnceItIsBack() throws Exception {
        String project = newProject();
        KafkaTestResource.stopBroker();
        List<String> ids;
        try {
            ids = enroll(project, items(5)).statusCode(200).extract().jsonPath().getList("succeeded.id");
            Thread.sleep(3000);
            long unsent = database.preparedQuery(
                    "SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND aggregate_id = ANY($1)")
                    .execute(Tuple.of(ids.toArray(new String[0]))).await().indefinitely().iterator().next().getLong("n");
            assertEquals(5, unsent, "the events wait in the outbox while Kafka is down");
        } finally {
            KafkaTestResource.startBroker();
        }

        Set<String> wanted = new HashSet<>(ids);
        List<ConsumerRecord<String, String>> delivered = EventProbe.await(bootstrap, EventTypes.SERVERS_TOPIC,
                r -> wanted.contains(r.key()) && EventTypes.SERVER_ENROLLED.equals(header(r, "ce_type")), 5,
                Duration.ofSeconds(60));
        assertEquals(wanted, new HashSet<>(delivered.stream().map(ConsumerRecord::key).toList()));

        long unsentAfter = -1;
        for (int i = 0; i < 50 && unsentAfter != 0; i++) {
            unsentAfter = database.preparedQuery(
                    "SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND aggregate_id = ANY($1)")
                    .execute(Tuple.of(ids.toArray(new String[0]))).await().indefinitely().iterator().next().getLong("n");
            Thread.sleep(200);
        }
        assertTrue(unsentAfter == 0, "marked sent after delivery");
    }
}
