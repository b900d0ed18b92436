package io.metalfleet.provisioning.events;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.domain.InventoryUpdates;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

/**
 * Consumes inventory's {@code inventory.servers}. An event that cannot be understood is logged and
 * skipped; a failure to apply one is retried with backoff, then dead-lettered.
 */
@ApplicationScoped
public class InventoryEventsConsumer {

    private static final Logger LOG = Logger.getLogger(InventoryEventsConsumer.class);

    @Inject
    InventoryUpdates updates;
    @Inject
    ObjectMapper json;

    @Incoming("inventory-servers")
    public Uni<Void> consume(Message<String> message) {
        Optional<IncomingCloudEventMetadata> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class);
        if (cloudEvent.isEmpty()) {
            LOG.warn("skipping a record on inventory.servers that is not a CloudEvent");
            return Uni.createFrom().completionStage(message.ack());
        }
        IncomingCloudEventMetadata<?> ce = cloudEvent.get();
        JsonNode data;
        try {
            data = json.readTree(message.getPayload());
        } catch (Exception e) {
            LOG.warnf("skipping event %s (%s): data is not JSON", ce.getId(), ce.getType());
            return Uni.createFrom().completionStage(message.ack());
        }
        return updates.apply(ce.getId(), ce.getType(), data)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .onItemOrFailure().transformToUni((ignored, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : Uni.createFrom().completionStage(message.nack(failure)));
    }
}
