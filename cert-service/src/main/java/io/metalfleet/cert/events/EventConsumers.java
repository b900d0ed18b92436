package io.metalfleet.cert.events;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.cert.domain.ConsumedEvents;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

/**
 * Consumes identity's {@code identity.providers} (cluster.registered) and provisioning's
 * {@code provisioning.jobs} (node.joining); other types on those topics are not ours and are acked.
 * A record that is not a CloudEvent or not JSON is logged and skipped; a failure to apply is retried
 * with backoff, then sent to the dead-letter topic.
 */
@ApplicationScoped
public class EventConsumers {

    private static final Logger LOG = Logger.getLogger(EventConsumers.class);

    @Inject
    ConsumedEvents handlers;
    @Inject
    ObjectMapper json;

    @Incoming("identity-providers")
    public Uni<Void> identity(Message<String> message) {
        return handle(message, EventTypes.CLUSTER_REGISTERED, handlers::clusterRegistered);
    }

    @Incoming("provisioning-jobs")
    public Uni<Void> provisioning(Message<String> message) {
        return handle(message, EventTypes.NODE_JOINING, handlers::nodeJoining);
    }

    private Uni<Void> handle(Message<String> message, String wanted, BiFunction<String, JsonNode, Uni<Void>> handler) {
        Optional<IncomingCloudEventMetadata> metadata = message.getMetadata(IncomingCloudEventMetadata.class);
        if (metadata.isEmpty()) {
            LOG.warn("skipping a record that is not a CloudEvent");
            return ack(message);
        }
        IncomingCloudEventMetadata<?> ce = metadata.get();
        if (!wanted.equals(ce.getType())) {
            return ack(message);
        }
        JsonNode data;
        try {
            data = json.readTree(message.getPayload());
        } catch (Exception e) {
            LOG.warnf("skipping event %s (%s): data is not JSON", ce.getId(), ce.getType());
            return ack(message);
        }
        return handler.apply(ce.getId(), data)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .onItemOrFailure().transformToUni((ignored, failure) -> failure == null ? ack(message)
                        : Uni.createFrom().completionStage(message.nack(failure)));
    }

    private static Uni<Void> ack(Message<String> message) {
        return Uni.createFrom().completionStage(message.ack());
    }
}
