package io.metalfleet.provisioning.nodepools.events;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

/**
 * The common path of this package's consumers: records that are not CloudEvents, not of a wanted type or not
 * JSON are acknowledged and skipped (logged when unreadable); a failure to apply is retried with backoff, then
 * nacked (the channel's dead-letter strategy takes it).
 */
final class CloudEventIntake {

    interface Handler {
        Uni<Void> apply(String eventId, String type, JsonNode data);
    }

    private static final Logger LOG = Logger.getLogger(CloudEventIntake.class);

    private CloudEventIntake() {
    }

    static Uni<Void> handle(Message<String> message, Set<String> wanted, ObjectMapper json, Handler handler) {
        Optional<IncomingCloudEventMetadata> metadata = message.getMetadata(IncomingCloudEventMetadata.class);
        if (metadata.isEmpty()) {
            LOG.warn("skipping a record that is not a CloudEvent");
            return ack(message);
        }
        IncomingCloudEventMetadata<?> ce = metadata.get();
        if (!wanted.contains(ce.getType())) {
            return ack(message);
        }
        JsonNode data;
        try {
            data = json.readTree(message.getPayload());
        } catch (Exception e) {
            LOG.warnf("skipping event %s (%s): data is not JSON", ce.getId(), ce.getType());
            return ack(message);
        }
        return handler.apply(ce.getId(), ce.getType(), data)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .onItemOrFailure().transformToUni((ignored, failure) -> failure == null ? ack(message)
                        : Uni.createFrom().completionStage(message.nack(failure)));
    }

    private static Uni<Void> ack(Message<String> message) {
        return Uni.createFrom().completionStage(message.ack());
    }
}
