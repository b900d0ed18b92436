package io.metalfleet.provisioning.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.config.ProvisioningConfig;
import io.metalfleet.provisioning.domain.InventoryUpdates;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Consumes inventory's {@code inventory.servers} a poll at a time: the batch is applied in one transaction
 * ({@link InventoryUpdates#applyAll}), so 10,000 enrollments cost a few dozen transactions, not 10,000. Batches are
 * handled one after the other and a server's events share a partition, so each server's events apply in order. An
 * event that cannot be understood is logged and skipped. A batch that still fails after its retries is applied one
 * event at a time, so that only the event that fails (after its own retries) is dead-lettered.
 */
@ApplicationScoped
public class InventoryEventsConsumer {

    private static final Logger LOG = Logger.getLogger(InventoryEventsConsumer.class);

    @Inject
    InventoryUpdates updates;
    @Inject
    ObjectMapper json;
    @Inject
    ProvisioningConfig config;

    private record Parsed(KafkaRecord<String, String> record, InventoryUpdates.Event event) {
    }

    @Incoming("inventory-servers")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<Parsed> parsed = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            InventoryUpdates.Event event = event(record);
            if (event != null) {
                parsed.add(new Parsed(record, event));
            }
        }
        ProvisioningConfig.InventoryEvents retry = config.inventoryEvents();
        return updates.applyAll(parsed.stream().map(Parsed::event).toList())
                .onFailure().retry().withBackOff(retry.retryBackoff(), retry.retryBackoffMax()).atMost(retry.batchRetries())
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("a batch of %d events of inventory.servers failed (%s): applying them one at a time",
                            parsed.size(), failure.getMessage());
                    return oneByOne(parsed);
                })
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /** Each event in its own transaction, in order; one that still fails is nacked (dead-lettered) alone. */
    private Uni<Void> oneByOne(List<Parsed> parsed) {
        ProvisioningConfig.InventoryEvents retry = config.inventoryEvents();
        return Multi.createFrom().iterable(parsed).onItem().transformToUniAndConcatenate(p -> updates.applyAll(List.of(p.event()))
                .onFailure().retry().withBackOff(retry.retryBackoff(), retry.retryBackoffMax()).atMost(retry.eventRetries())
                .onFailure().recoverWithUni(failure -> Uni.createFrom().completionStage(p.record().nack(failure))))
                .collect().last().replaceWithVoid();
    }

    private InventoryUpdates.Event event(KafkaRecord<String, String> record) {
        Optional<IncomingCloudEventMetadata> cloudEvent = record.getMetadata(IncomingCloudEventMetadata.class);
        if (cloudEvent.isEmpty()) {
            LOG.warnf("skipping a record of %s-%d: not a CloudEvent", record.getTopic(), record.getPartition());
            return null;
        }
        IncomingCloudEventMetadata<?> ce = cloudEvent.get();
        try {
            JsonNode data = json.readTree(record.getPayload());
            return new InventoryUpdates.Event(ce.getId(), ce.getType(), data);
        } catch (Exception e) {
            LOG.warnf("skipping event %s (%s): data is not JSON", ce.getId(), ce.getType());
            return null;
        }
    }
}
