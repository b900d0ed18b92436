package io.metalfleet.inventory.events;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.inventory.domain.ProvisioningUpdates;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

/**
 * Consumes provisioning-service's {@code provisioning.servers} events. An event that cannot be
 * understood is logged and skipped (it would never succeed); a failure to apply one is retried
 * with backoff and then sent to the dead-letter topic, so one bad record never stops the partition.
 */
@ApplicationScoped
public class ProvisioningEventsConsumer {

    private static final Logger LOG = Logger.getLogger(ProvisioningEventsConsumer.class);

    @Inject
    ProvisioningUpdates updates;
    @Inject
    ObjectMapper json;

    @Incoming("provisioning-servers")
    public Uni<Void> consume(Message<String> message) {
        Optional<IncomingCloudEventMetadata> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class);
        if (cloudEvent.isEmpty()) {
            LOG.warn("skipping a record on provisioning.servers that is not a CloudEvent");
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
        return updates.apply(ce.getId(), ce.getType(), ce.getSubject().orElse(null), data)
                .onFailure().retry().withBackOff(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(5)).atMost(5)
                .onItemOrFailure().transformToUni((ignored, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : Uni.createFrom().completionStage(message.nack(failure)));
    }
}
