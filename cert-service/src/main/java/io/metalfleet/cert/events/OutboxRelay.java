package io.metalfleet.cert.events;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.metalfleet.cert.config.CertConfig;
import io.metalfleet.cert.persistence.OutboxRepository;
import io.metalfleet.cert.persistence.OutboxRepository.PendingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
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
    @Channel("cert-certificates")
    MutinyEmitter<String> emitter;
    @Inject
    OutboxRepository outbox;
    @Inject
    CertConfig config;
    @Inject
    MeterRegistry metrics;

    @Inject
    Vertx vertx;

    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean brokerFailing;
    private long timer = -1;

    void start(@Observes StartupEvent start) {
        metrics.gauge("metalfleet.outbox.pending", pending);
        // A plain Vert.x timer rather than @Scheduled: the scheduler's floor is one second, and the
        // relay should pick up a fresh commit within a fraction of that.
        timer = vertx.setPeriodic(config.outbox().pollInterval().toMillis(), id -> trigger());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Starts a drain unless one is under way; rounds never overlap. */
    void trigger() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> drain(context).subscribe().with(done -> running.set(false), failure -> {
            running.set(false);
            LOG.warnf("outbox relay round failed: %s", failure.getMessage());
        }));
    }

    /** Rounds until a round finds less than a full batch, so a burst drains at Kafka's pace, not the timer's. */
    private Uni<Void> drain(Context context) {
        return relayOnce(context).chain(fullBatchSent -> fullBatchSent ? drain(context) : Uni.createFrom().voidItem());
    }

    private Uni<Boolean> relayOnce(Context context) {
        int batch = config.outbox().batchSize();
        return Panache.withSession(() -> outbox.oldestUnsent(batch))
                .chain(events -> events.isEmpty() ? Uni.createFrom().item(List.<Long>of()) : publish(events))
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .chain(sent -> sent.isEmpty() ? Uni.createFrom().item(false)
                        : Panache.withTransaction(() -> outbox.markSent(sent, Instant.now()))
                                .chain(() -> Panache.withSession(outbox::countUnsent).invoke(pending::set))
                                .map(ignored -> sent.size() == batch));
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
