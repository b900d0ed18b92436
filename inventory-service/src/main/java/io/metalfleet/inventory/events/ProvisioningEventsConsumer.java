package io.metalfleet.inventory.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.inventory.config.InventoryConfig;
import io.metalfleet.inventory.domain.ProvisioningUpdates;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Consumes provisioning-service's {@code provisioning.servers} a poll at a time: the batch is applied in one
 * transaction ({@link ProvisioningUpdates#applyAll}), so the 10,000 {@code server.inspected} of a fleet enrollment cost
 * a few dozen transactions, not 10,000. Batches are handled one after the other and a server's events share a
 * partition, so each server's events apply in order. An event that cannot be understood is logged and skipped (it
 * would never succeed). A batch that still fails after its retries is applied one event at a time, so that only the
 * event that fails (after its own retries) goes to the dead-letter topic and the partition moves on.
 */
@ApplicationScoped
public class ProvisioningEventsConsumer {

    private static final Logger LOG = Logger.getLogger(ProvisioningEventsConsumer.class);

    @Inject
    ProvisioningUpdates updates;
    @Inject
    ObjectMapper json;
    @Inject
    InventoryConfig config;

    private record Parsed(KafkaRecord<String, String> record, ProvisioningUpdates.Event event) {
    }

    @Incoming("provisioning-servers")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Parsed> parsed = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            ProvisioningUpdates.Event event = event(record);
            if (event != null) {
                parsed.add(new Parsed(record, event));
            }
        }
        InventoryConfig.ProvisioningEvents retry = config.provisioningEvents();
        return updates.applyAll(parsed.stream().map(Parsed::event).toList())
                .onFailure().retry().withBackOff(retry.retryBackoff(), retry.retryBackoffMax()).atMost(retry.batchRetries())
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("a batch of %d events of provisioning.servers failed (%s): applying them one at a time",
                            parsed.size(), failure.getMessage());
                    return oneByOne(parsed);
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** Each event in its own transaction, in order; one that still fails is nacked (dead-lettered) alone. */
    private Uni<Void> oneByOne(List<Parsed> parsed) {
        InventoryConfig.ProvisioningEvents retry = config.provisioningEvents();
        return Multi.createFrom().iterable(parsed).onItem().transformToUniAndConcatenate(p -> updates.applyAll(List.of(p.event()))
                .onFailure().retry().withBackOff(retry.retryBackoff(), retry.retryBackoffMax()).atMost(retry.eventRetries())
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("event %s (%s) could not be applied (%s): sent to the dead-letter topic", p.event().id(),
                            p.event().type(), failure.getMessage());
                    return Uni.createFrom().completionStage(p.record().nack(failure));
                }))
                .collect().last().replaceWithVoid();
    }

    private ProvisioningUpdates.Event event(KafkaRecord<String, String> record) {
        Optional<IncomingCloudEventMetadata> cloudEvent = record.getMetadata(IncomingCloudEventMetadata.class);
        if (cloudEvent.isEmpty()) {
            LOG.warnf("skipping a record of %s-%d: not a CloudEvent", record.getTopic(), record.getPartition());
            return null;
        }
        IncomingCloudEventMetadata<?> ce = cloudEvent.get();
        try {
            JsonNode data = json.readTree(record.getPayload());
            if (data == null || !data.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return new ProvisioningUpdates.Event(ce.getId(), ce.getType(), ce.getSubject().orElse(null), data);
        } catch (Exception e) {
            LOG.warnf("skipping event %s (%s): data is not a JSON object", ce.getId(), ce.getType());
            return null;
        }
    }
}
