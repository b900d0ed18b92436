package io.metalfleet.provisioning.events;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.metalfleet.provisioning.config.ProvisioningConfig;
import io.metalfleet.provisioning.persistence.OutboxRepository;
import io.metalfleet.provisioning.persistence.OutboxRepository.PendingEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The one door from the outbox to Kafka (as in inventory-service): oldest unsent events go out as
 * CloudEvents in binary mode, record key = aggregate id, topic from the row; only the leading run
 * Kafka acknowledged is marked sent, so after a broker outage events go out again in order. One replica relays
 * at a time (see {@link #drain()}).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    @Channel("provisioning-out")
    MutinyEmitter<String> emitter;
    @Inject
    OutboxRepository outbox;
    @Inject
    Pool pool;
    @Inject
    ProvisioningConfig config;
    @Inject
    Vertx vertx;

    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;
    /** Every event's CloudEvents source, parsed once (a fleet operation relays 10,000 commands). */
    private URI source;

    void start(@Observes StartupEvent start) {
        source = URI.create(config.events().source());
        // a Vert.x timer: the scheduler's floor is one second, and events should leave within a fraction of that
        timer = vertx.setPeriodic(config.outbox().pollInterval().toMillis(), id -> trigger());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void trigger() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        drain().subscribe().with(done -> running.set(false), failure -> {
            running.set(false);
            LOG.warnf("outbox relay round failed: %s", failure.getMessage());
        });
    }

    /**
     * Relays batch after batch. Each batch runs in a transaction holding the outbox's advisory lock: with several
     * replicas one relays while the others skip the round, so an event goes out once and events keep their order.
     */
    private Uni<Void> drain() {
        int batch = config.outbox().batchSize();
        long[] at = new long[3];
        at[0] = System.nanoTime();
        return pool.withTransaction(tx -> outbox.tryLockRelay(tx).chain(relaying -> !relaying ? Uni.createFrom().item(0)
                : outbox.oldestUnsent(tx, batch)
                        .invoke(() -> at[1] = System.nanoTime())
                        .chain(events -> events.isEmpty() ? Uni.createFrom().item(List.<Long>of()) : publish(events))
                        .invoke(() -> at[2] = System.nanoTime())
                        .call(sent -> outbox.markSent(tx, sent, Instant.now()))
                        .map(List::size)))
                .invoke(sent -> {
                    if (sent > 0 && LOG.isDebugEnabled()) {
                        long end = System.nanoTime();
                        LOG.debugf("relayed %d events in %d ms (read %d, publish %d, mark and commit %d)", sent,
                                (end - at[0]) / 1_000_000, (at[1] - at[0]) / 1_000_000, (at[2] - at[1]) / 1_000_000, (end - at[2]) / 1_000_000);
                    }
                })
                .chain(sent -> sent == batch ? drain() : Uni.createFrom().voidItem());
    }

    @Scheduled(every = "1h", delayed = "10m")
    Uni<Void> purgeSent() {
        return outbox.deleteSentBefore(pool, Instant.now().minus(config.outbox().retention()));
    }

    private Uni<List<Long>> publish(List<PendingEvent> events) {
        List<Uni<Boolean>> sends = new ArrayList<>(events.size());
        for (PendingEvent event : events) {
            sends.add(emitter.sendMessage(message(event)).replaceWith(true)
                    .onFailure().recoverWithItem(e -> false));
        }
        return Uni.join().all(sends).andFailFast().map(acks -> {
            List<Long> sent = new ArrayList<>();
            for (int i = 0; i < acks.size() && acks.get(i); i++) {
                sent.add(events.get(i).seq());
            }
            if (sent.size() < events.size()) {
                LOG.warnf("Kafka did not acknowledge %d events; they stay in the outbox", events.size() - sent.size());
            }
            return sent;
        });
    }

    private Message<String> message(PendingEvent event) {
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String> builder()
                .withId(event.eventId().toString())
                .withType(event.type())
                .withSource(source)
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
