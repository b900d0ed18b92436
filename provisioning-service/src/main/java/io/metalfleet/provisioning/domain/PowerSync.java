package io.metalfleet.provisioning.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.metalfleet.provisioning.config.ProvisioningConfig;
import io.metalfleet.provisioning.events.CommandPartitions;
import io.metalfleet.provisioning.events.ServerEvents;
import io.metalfleet.provisioning.persistence.OutboxRepository;
import io.metalfleet.provisioning.persistence.OutboxRepository.NewEvent;
import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.security.CredentialUnsealer;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads every enrolled BMC's PowerState once per interval, the fleet spread evenly over it: each server
 * has a slot (its id's hash modulo the interval in seconds) and each second's tick reads that second's
 * slot, so 10,000 BMCs at 60 s are ~170 reads a second, not a burst. A change made outside Metalfleet
 * becomes server.power-changed; a BMC that stops (or starts again) answering, server.health-changed.
 * Each replica reads its share of the fleet: the servers whose commands it runs ({@link CommandPartitions}). A BMC that
 * Metalfleet itself is changing is not read (see {@link RedfishEngine#observedPowerState}): a host seen Off in the
 * middle of our own ForceOff-then-On is not a change made outside, and the operation's result records where it ends.
 * A round's changes are written in one transaction.
 */
@ApplicationScoped
public class PowerSync {

    private static final Logger LOG = Logger.getLogger(PowerSync.class);

    @Inject
    ProvisioningConfig config;
    @Inject
    Vertx vertx;
    @Inject
    Pool pool;
    @Inject
    RedfishEngine engine;
    @Inject
    CredentialUnsealer unsealer;
    @Inject
    OutboxRepository outbox;
    @Inject
    ServerEvents events;
    @Inject
    @Identifier(CommandPartitions.NAME)
    CommandPartitions partitions;

    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    void start(@Observes StartupEvent start) {
        if (config.power().syncEnabled()) {
            timer = vertx.setPeriodic(1000, id -> tick());
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void tick() {
        if (!running.compareAndSet(false, true)) {
            return; // the previous second's reads are still under way: skip rather than pile up
        }
        long slots = Math.max(1, config.power().syncInterval().toSeconds());
        long slot = Instant.now().getEpochSecond() % slots;
        Queue<Observed> changed = new ConcurrentLinkedQueue<>();
        pool.preparedQuery("SELECT id, bmc_endpoint, credentials_key_id, credentials_sealed, power_state, health FROM servers"
                + " WHERE provisioning_state NOT IN ('inspecting', 'deleting') AND credentials_sealed IS NOT NULL"
                + " AND mod(abs(hashtext(id))::bigint, $1) = $2")
                .execute(Tuple.of(slots, slot))
                .chain(rows -> {
                    List<Uni<Void>> reads = new ArrayList<>();
                    rows.forEach(r -> {
                        if (partitions.owns(r.getString("id"))) {
                            reads.add(read(r, changed));
                        }
                    });
                    return reads.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(reads).andCollectFailures().replaceWithVoid();
                })
                .chain(() -> record(List.copyOf(changed)))
                .subscribe().with(ok -> running.set(false), e -> {
                    running.set(false);
                    LOG.debugf("power sync round failed: %s", e.getMessage());
                });
    }

    /** What a read found changed on one server: its power state and health to record, and the events saying so. */
    private record Observed(String serverId, BmcTarget target, long changesBegun, String powerState, String health,
            List<NewEvent> events) {
    }

    /** Reads one BMC; what changed goes to {@code changed}, for the round's one write. */
    private Uni<Void> read(Row row, Queue<Observed> changed) {
        String id = row.getString("id");
        BmcTarget target;
        try {
            target = unsealer.target(id, row.getString("bmc_endpoint"), row.getString("credentials_key_id"),
                    row.getString("credentials_sealed"));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().voidItem();
        }
        String before = row.getString("power_state");
        String healthBefore = row.getString("health");
        long changesBegun = engine.changesBegun(target);
        return engine.observedPowerState(target).onItemOrFailure().invoke((state, failure) -> {
            if (failure == null && state == null) {
                return; // Metalfleet is changing this BMC's state: not a change made outside it, and the operation records it
            }
            Instant now = Instant.now();
            List<NewEvent> out = new ArrayList<>();
            String health = failure == null ? "healthy" : "unreachable";
            if (!health.equals(healthBefore) && !(healthBefore == null && failure == null)) {
                String reason = failure instanceof RedfishException r ? r.reason() : failure == null ? null : failure.getMessage();
                out.add(events.healthChanged(id, health, reason == null ? List.of() : List.of(reason), now));
            }
            if (failure == null && before != null && !before.equals(state) && isSteady(state)) {
                out.add(events.powerChanged(id, state, before, now));
            }
            String recorded = failure == null && isSteady(state) ? state : before;
            if (!out.isEmpty() || !Objects.equals(recorded, before) || !health.equals(healthBefore)) {
                changed.add(new Observed(id, target, changesBegun, recorded, health, out));
            }
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * The round's changes in one transaction (nothing changed, the common case: no transaction). One statement for the
     * round, not one transaction per server: those held pooled connections that fleet operations' claims and results
     * and the outbox relay waited for. A server on which an operation began since its read is left out: the reading
     * may predate the operation's own change, which its result records.
     */
    private Uni<Void> record(List<Observed> changed) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(tx -> {
            List<Observed> current = changed.stream().filter(o -> engine.changesBegun(o.target()) == o.changesBegun()).toList();
            if (current.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            String[] ids = current.stream().map(Observed::serverId).toArray(String[]::new);
            String[] powers = current.stream().map(Observed::powerState).toArray(String[]::new);
            String[] healths = current.stream().map(Observed::health).toArray(String[]::new);
            List<NewEvent> out = current.stream().flatMap(o -> o.events().stream()).toList();
            // locked in id order, as the fleet results lock the servers they update
            return tx.preparedQuery("UPDATE servers s SET power_state = u.power, health = u.health"
                    + " FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, power, health)"
                    + " WHERE s.id = u.id AND s.id IN (SELECT id FROM servers WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE)")
                    .execute(Tuple.of(ids, powers, healths))
                    .chain(() -> outbox.append(tx, out, Instant.now()));
        });
    }

    /** Transitions (PoweringOn/Off) are not reported: the state they end in is. */
    private static boolean isSteady(String state) {
        return "On".equals(state) || "Off".equals(state);
    }
}
