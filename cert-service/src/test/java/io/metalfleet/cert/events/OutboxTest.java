package io.metalfleet.cert.events;

import io.metalfleet.local.testing.EventProbe;

import static io.metalfleet.cert.Fixtures.createProduct;
import static io.metalfleet.cert.Fixtures.newProject;
import static io.metalfleet.local.testing.EventProbe.header;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.metalfleet.local.testing.KafkaTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** With the broker down, products are still created; their events wait in the outbox and go out once it is back. */
@QuarkusTest
class OutboxTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Pool database;

    @Test
    void shouldDeliverProductCreatedWrittenWhileKafkaWasDownOnceItIsBack() throws Exception {
        String project = newProject();
        String productId;
        KafkaTestResource.stopBroker();
        try {
            productId = createProduct(project, "offline").jsonPath().getString("product.id");
            assertEquals(1, unsent(productId), "the event waits in the outbox while Kafka is down");
        } finally {
            KafkaTestResource.startBroker();
        }
        List<ConsumerRecord<String, String>> delivered = EventProbe.await(bootstrap, EventTypes.CERTIFICATES_TOPIC,
                r -> productId.equals(r.key()) && EventTypes.PRODUCT_CREATED.equals(header(r, "ce_type")), 1, Duration.ofSeconds(60));
        assertEquals(1, delivered.size());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (unsent(productId) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, unsent(productId), "marked sent after delivery");
    }

    private long unsent(String aggregate) {
        return database.preparedQuery("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND aggregate_id = $1")
                .execute(Tuple.of(aggregate)).await().indefinitely().iterator().next().getLong("n");
    }
}
