package io.metalfleet.inventory.events;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.metalfleet.inventory.config.InventoryConfig;
import io.metalfleet.inventory.persistence.OutboxRepository;
import io.metalfleet.inventory.persistence.OutboxRepository.PendingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one door from the outbox to Kafka. Each round reads the oldest unsent events, sends them as
 * CloudEvents (binary mode, record key = aggregate id) and marks sent only the leading run that
 * Kafka acknowledged: after a failure nothing later is marked, so when the broker comes back the
 * events go out again from the first unsent one, in order per aggregate. Consumers drop the
 * duplicates this may cause by CloudEvents id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    @Channel("inventory-servers")
    MutinyEmitter<String> emitter;
    @Inject
    OutboxRepository outbox;
    @Inject
    InventoryConfig config;
    @Inject
    MeterRegistry metrics;

    private final AtomicLong pending = new AtomicLong();
    private volatile boolean brokerFailing;

    void registerGauge(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        metrics.gauge("metalfleet.outbox.pending", pending);
    }

    @Scheduled(every = "${metalfleet.outbox.poll-interval:0.2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "3s")
    Uni<Void> relay() {
        Context context = Vertx.currentContext();
        return Panache.withSession(() -> outbox.oldestUnsent(config.outbox().batchSize()))
                .chain(events -> events.isEmpty() ? Uni.createFrom().item(List.<Long>of()) : publish(events))
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .chain(sent -> sent.isEmpty() ? Uni.createFrom().voidItem()
                        : Panache.withTransaction(() -> outbox.markSent(sent, Instant.now())).replaceWithVoid())
                .chain(() -> Panache.withSession(outbox::countUnsent).invoke(pending::set).replaceWithVoid())
                .onFailure().invoke(e -> LOG.warnf("outbox relay round failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    @Scheduled(every = "1h", delayed = "10m")
    Uni<Void> purgeSent() {
        return Panache.withTransaction(() -> outbox.deleteSentBefore(Instant.now().minus(config.outbox().retention())))
                .replaceWithVoid();
    }

    /** Sends all, in order; returns the seqs of the leading run that Kafka acknowledged. */
    private Uni<List<Long>> publish(List<PendingEvent> events) {
        List<Uni<Boolean>> sends = new ArrayList<>(events.size());
        for (PendingEvent event : events) {
            sends.add(emitter.sendMessage(message(event)).replaceWith(true)
                    .onFailure().recoverWithItem(e -> {
                        LOG.debugf("event %s not acknowledged: %s", event.eventId(), e.getMessage());
                        return false;
                    }));
        }
        return Uni.join().all(sends).andFailFast().map(acks -> {
            List<Long> sent = new ArrayList<>();
            for (int i = 0; i < acks.size() && acks.get(i); i++) {
                sent.add(events.get(i).seq());
            }
            boolean failing = sent.size() < events.size();
            if (failing != brokerFailing) {
                brokerFailing = failing;
                if (failing) {
                    LOG.warnf("Kafka did not acknowledge %d events; they stay in the outbox and go out again",
                            events.size() - sent.size());
                } else {
                    LOG.info("Kafka acknowledges events again; the outbox is draining");
                }
            }
            return sent;
        });
    }

    private Message<String> message(PendingEvent event) {
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String> builder()
                .withId(event.eventId().toString())
                .withType(event.type())
                .withSource(URI.create(config.events().source()))
                .withSubject(event.aggregateId())
                .withTimestamp(event.createdAt().atZone(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        OutgoingKafkaRecordMetadata<String> record = OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(event.aggregateId())
                .withTopic(event.topic())
                .build();
        return Message.of(event.payload()).addMetadata(cloudEvent).addMetadata(record);
    }
}
