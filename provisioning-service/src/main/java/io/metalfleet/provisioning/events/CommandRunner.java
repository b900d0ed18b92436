package io.metalfleet.provisioning.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.config.ProvisioningConfig;
import io.metalfleet.provisioning.domain.BmcCommand;
import io.metalfleet.provisioning.domain.OperationCreated;
import io.metalfleet.provisioning.domain.OperationResults;
import io.metalfleet.provisioning.persistence.OperationRepository;
import io.metalfleet.provisioning.persistence.OperationRepository.ClaimedItem;
import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.security.CredentialUnsealer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Runs the {@code bmc.command}s of the partitions Kafka's consumer group gives this replica, and takes over the items
 * other replicas abandoned.
 * <ul>
 * <li>A command runs once this replica has claimed its item (pending, or running past its lease). A Kafka poll's
 * commands are claimed in one statement, which also reads each server's BMC endpoint and sealed credentials; only as
 * many are claimed as the replica has free slots ({@code max-concurrent-commands}: commands in hand, claimed and not
 * yet recorded), the rest as slots free up. Commands run concurrently (each mostly waits on its BMC, the engine paces
 * the fleet). A poll is acknowledged once each of its commands was claimed or skipped: a claimed item is held by its
 * lease from then on, and the offsets a stopped replica leaves uncommitted are those of the commands it had not claimed
 * yet, redelivered to the replica that takes its partitions; a redelivered command for a server done or in hand
 * elsewhere is skipped.</li>
 * <li>The replica that creates an operation claims the items of its own partitions at once ({@link OperationCreated}),
 * through the same slots and claim statements: their records, which still follow, find them running here (skipped
 * without a statement) or done. A record is the way to every other replica's items, and to these should this replica
 * stop before it claimed them.</li>
 * <li>While a command runs its item's lease is renewed; an item whose lease ran out (its replica crashed, or lost the
 * database) is taken over by the next takeover round of any replica, as is a pending item whose operation is older
 * than the pending timeout (its command was lost before anyone claimed it). Only the lease's owner records a result.</li>
 * <li>At shutdown no new command starts, and those in flight get the drain timeout to finish before the consumer
 * leaves the group: a stopped replica leaves nothing half-done that it could have finished.</li>
 * </ul>
 */
@ApplicationScoped
public class CommandRunner {

    private static final Logger LOG = Logger.getLogger(CommandRunner.class);

    @Inject
    Pool pool;
    @Inject
    OperationRepository operations;
    @Inject
    CredentialUnsealer unsealer;
    @Inject
    RedfishEngine engine;
    @Inject
    ProvisioningConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry metrics;
    @Inject
    OperationResults results;
    @Inject
    Vertx vertx;
    @Inject
    @Identifier(CommandPartitions.NAME)
    CommandPartitions partitions;

    /** This replica in item ownership: by default a restarted process is a new owner. */
    private String replica;
    /** Items this replica is running, with the end of their lease (renewed while they run); empty when a drain may end. */
    private final Map<CommandKey, Instant> inFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean takingOver = new AtomicBoolean();
    private volatile boolean draining;
    private volatile CompletableFuture<Void> drained;
    private long renewTimer = -1;
    private long takeoverTimer = -1;

    private CommandSlots slots;
    /** Claim statements in flight: a poll's claim overlaps the next poll's, within this bound. */
    private CommandSlots claimPermits;
    private final AtomicInteger claiming = new AtomicInteger();
    private Counter succeeded;
    private Counter failed;
    private Counter skipped;
    private Counter takenOver;

    @PostConstruct
    void init() {
        replica = config.operations().replicaId().orElse(UUID.randomUUID().toString().substring(0, 8));
        slots = new CommandSlots(config.operations().maxConcurrentCommands());
        claimPermits = new CommandSlots(config.operations().claimsInFlight());
        succeeded = metrics.counter("metalfleet.commands", "outcome", "succeeded");
        failed = metrics.counter("metalfleet.commands", "outcome", "failed");
        skipped = metrics.counter("metalfleet.commands", "outcome", "skipped");
        takenOver = metrics.counter("metalfleet.commands.taken.over");
    }

    void start(@Observes StartupEvent start) {
        LOG.infof("fleet commands run here as replica %s", replica);
        renewTimer = vertx.setPeriodic(Math.max(1, config.operations().lease().toMillis() / 3), id -> renewLeases());
        takeoverTimer = vertx.setPeriodic(config.operations().takeoverInterval().toMillis(), id -> takeOver());
    }

    /** Waits (on the shutdown thread, before the Kafka consumer closes) for the commands in flight to finish. */
    void drain(@Observes ShutdownEvent stop) {
        draining = true;
        vertx.cancelTimer(takeoverTimer);
        drained = new CompletableFuture<>();
        completeDrainIfIdle();
        try {
            drained.get(config.operations().drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("replica %s stopping: no fleet command in flight", replica);
        } catch (TimeoutException e) {
            LOG.warnf("replica %s stopping with %d fleet commands still in flight; their items are taken over when their lease runs out",
                    replica, inFlight.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("drain of fleet commands failed: %s", e.getMessage());
        } finally {
            vertx.cancelTimer(renewTimer);
        }
    }

    public String replica() {
        return replica;
    }

    /**
     * One Kafka poll's commands: claimed in one statement as far as slots are free (else as many as are, then the rest
     * as commands finish), each claimed one started at once. The poll is acknowledged when every one of its commands
     * was claimed or skipped; the next poll comes once this one's commands all have their slots, while its claim may
     * still be in flight (polls are acknowledged in any order: the throttled strategy commits each partition's
     * contiguous acknowledged prefix).
     */
    @Incoming("bmc-commands")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> run(KafkaRecordBatch<String, String> batch) {
        if (draining) {
            // neither acknowledged nor refused: its offsets stay uncommitted, the partitions' next owner runs them
            return Uni.createFrom().voidItem();
        }
        List<CommandKey> keys = new ArrayList<>(batch.getRecords().size());
        Set<CommandKey> seen = new HashSet<>();
        int unreadable = 0;
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            CommandKey key = key(record.getPayload());
            if (key == null) {
                unreadable++;
            } else if (inFlight.containsKey(key)) {
                // running here already: claimed when this replica created its operation (or a redelivery)
                skipped.increment();
            } else if (seen.add(key)) {
                keys.add(key);
            } else {
                // the same command twice in one poll (delivered again after a rebalance): the first one decides
                skipped.increment();
            }
        }
        if (unreadable > 0) {
            LOG.warnf("skipping %d bmc.command records whose data is not a command", unreadable);
        }
        return dispatch(keys, 0, Integer.MAX_VALUE, new BatchProgress(batch, keys.size()));
    }

    /**
     * A new operation's items on the partitions this replica owns, claimed and started now rather than when their
     * records come back through the relay and Kafka (the last of 10,000 was claimed 2.2-2.8 s after the operation was
     * created). Their records still follow: each finds its item running here (skipped without a statement) or done.
     * The claims go through the same slots and claim statements as a poll's, a batch at a time, so the first items
     * start after one statement, not after all of them.
     */
    void runOwned(@Observes OperationCreated created) {
        if (draining || !config.operations().runOwnedAtCreation()) {
            return;
        }
        String operationId = created.operation().id();
        List<CommandKey> owned = new ArrayList<>();
        for (String serverId : created.serverIds()) {
            if (partitions.owns(serverId)) {
                owned.add(new CommandKey(operationId, serverId));
            }
        }
        if (owned.isEmpty()) {
            return;
        }
        LOG.debugf("operation %s: %d of its %d items are on this replica's partitions, claimed now", operationId, owned.size(),
                created.serverIds().size());
        dispatch(owned, 0, config.operations().ownedClaimBatch(), BatchProgress.NONE).subscribe().with(
                done -> { }, e -> LOG.warnf("claiming operation %s's own items failed (their records still come): %s", operationId,
                        e.getMessage()));
    }

    /** The data of a {@code bmc.command} this replica needs: the item's key (the rest is read with the claim). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CommandKey(String operationId, String serverId) {
    }

    private CommandKey key(String payload) {
        try {
            CommandKey key = payload == null ? null : json.readValue(payload, CommandKey.class);
            return key == null || key.operationId() == null || key.serverId() == null ? null : key;
        } catch (Exception e) {
            return null;
        }
    }

    /** Acknowledges a poll once each of its commands was claimed or skipped. */
    private static final class BatchProgress {
        /** Commands that came from no poll (an operation's own items, claimed at its creation): nothing to acknowledge. */
        static final BatchProgress NONE = new BatchProgress(null, 0);

        private final KafkaRecordBatch<String, String> batch;
        private final AtomicInteger open;

        BatchProgress(KafkaRecordBatch<String, String> batch, int commands) {
            this.batch = batch;
            this.open = new AtomicInteger(commands);
            if (commands == 0 && batch != null) {
                batch.ack();
            }
        }

        void done(int commands) {
            // NONE counts nothing: it is shared by every operation's own items
            if (batch != null && commands > 0 && open.addAndGet(-commands) == 0) {
                batch.ack();
            }
        }
    }

    /**
     * Takes slots for {@code keys[from..]} a slot-full (at most {@code chunk}) at a time and starts each chunk's claim
     * without waiting for its answer: the poll is done (and the next one comes) as soon as its commands have their
     * slots, so the claims of consecutive polls overlap and the engine starts each chunk's commands the moment that
     * chunk is claimed, not after the claims before it (at most {@code claims-in-flight} statements at once). The rest
     * of a poll stops at a drain.
     */
    private Uni<Void> dispatch(List<CommandKey> keys, int from, int chunk, BatchProgress progress) {
        if (from == keys.size() || draining) {
            return Uni.createFrom().voidItem();
        }
        return slots.acquire(Math.min(chunk, keys.size() - from)).chain(n -> claimPermits.acquire(1).map(permit -> n)).chain(n -> {
            if (draining) {
                slots.release(n);
                claimPermits.release(1);
                return Uni.createFrom().voidItem();
            }
            claim(keys.subList(from, from + n), progress);
            return dispatch(keys, from + n, chunk, progress);
        });
    }

    /** Claims a chunk of a poll in one statement (holding its slots and a claim permit) and starts what it got. */
    private void claim(List<CommandKey> chunk, BatchProgress progress) {
        int n = chunk.size();
        List<String> operationIds = new ArrayList<>(n);
        List<String> serverIds = new ArrayList<>(n);
        for (CommandKey key : chunk) {
            operationIds.add(key.operationId());
            serverIds.add(key.serverId());
        }
        Instant now = Instant.now();
        Instant leaseUntil = now.plus(config.operations().lease());
        claiming.incrementAndGet();
        long asked = System.nanoTime();
        operations.claimAll(pool, replica, now, leaseUntil, operationIds, serverIds).subscribe().with(
                claimed -> {
                    LOG.debugf("claimed %d of %d fleet commands in %d ms", claimed.size(), n, (System.nanoTime() - asked) / 1_000_000);
                    claimed(n, claimed, leaseUntil, progress);
                },
                failure -> {
                    // not claimed: the items stay pending or leased, and the takeover rounds run them
                    LOG.warnf("claiming %d fleet commands failed: %s", n, failure.getMessage());
                    claimed(n, List.of(), leaseUntil, progress);
                });
    }

    private void claimed(int asked, List<ClaimedItem> claimed, Instant leaseUntil, BatchProgress progress) {
        claimPermits.release(1);
        // the others are done, cancelled or in hand elsewhere (a redelivery after a rebalance), or the claim failed
        int notStarted = asked - claimed.size();
        skipped.increment(notStarted);
        slots.release(notStarted);
        // claimed or skipped: the poll is acknowledged now, and its records are let go (10,000 of them, with their
        // headers, were ~20 MiB held until the last command ended). A claimed item is held by its lease from here: one
        // left unfinished by a replica that stops is taken over when the lease runs out, not by a redelivery (a
        // redelivered command finds it leased and is skipped)
        progress.done(asked);
        claimed.forEach(item -> start(item, leaseUntil));
        claiming.decrementAndGet();
        completeDrainIfIdle();
    }

    /** Runs a claimed command in its slot, released once its result was written (or could not be). */
    private void start(ClaimedItem item, Instant leaseUntil) {
        BmcCommand command = item.command();
        runClaimed(item, leaseUntil).subscribe().with(done -> {
            slots.release(1);
        }, e -> {
            LOG.warnf("command %s/%s not recorded: %s", command.operationId(), command.serverId(), e.getMessage());
            slots.release(1);
        });
    }

    /** Runs a command whose item this replica holds and records the result (only while it still holds the lease). */
    private Uni<Void> runClaimed(ClaimedItem claimed, Instant leaseUntil) {
        BmcCommand command = claimed.command();
        CommandKey item = new CommandKey(command.operationId(), command.serverId());
        inFlight.put(item, leaseUntil);
        long started = System.nanoTime();
        return Uni.createFrom().deferred(() -> power(claimed))
                .onItemOrFailure().transformToUni((state, failure) -> {
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    (failure == null ? succeeded : failed).increment();
                    String error = failure == null ? null
                            : failure instanceof RedfishException r ? r.reason() : "failed: " + failure.getMessage();
                    return results.record(new OperationRepository.ItemResult(command.operationId(), command.serverId(), replica,
                            failure == null ? "succeeded" : "failed", ms, state, error, Instant.now()));
                })
                .onTermination().invoke(() -> {
                    inFlight.remove(item);
                    completeDrainIfIdle();
                });
    }

    /** Ends a drain once no command runs and no claim is in flight (a claim's items run once claimed: they are ours). */
    private void completeDrainIfIdle() {
        CompletableFuture<Void> waiting = drained;
        if (waiting != null && inFlight.isEmpty() && claiming.get() == 0) {
            waiting.complete(null);
        }
    }

    private Uni<String> power(ClaimedItem claimed) {
        if (claimed.bmcEndpoint() == null) {
            return Uni.createFrom().failure(new IllegalStateException("the server is no longer enrolled"));
        }
        if (claimed.credentialsSealed() == null) {
            return Uni.createFrom().failure(new IllegalStateException("no BMC credentials"));
        }
        BmcCommand command = claimed.command();
        BmcTarget target = unsealer.target(command.serverId(), claimed.bmcEndpoint(), claimed.credentialsKeyId(), claimed.credentialsSealed());
        return engine.power(target, command.powerAction(), command.bootOverride());
    }

    /**
     * Extends the leases that have less than two thirds of their length left: a round runs every third of the lease,
     * so each is renewed at least a third of a lease before it ends, and a command that finishes within a third of
     * a lease (most of them) costs no renewal at all.
     */
    private void renewLeases() {
        if (inFlight.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        Instant due = now.plus(config.operations().lease().multipliedBy(2).dividedBy(3));
        List<CommandKey> renewing = new ArrayList<>();
        inFlight.forEach((item, leaseUntil) -> {
            if (leaseUntil.isBefore(due)) {
                renewing.add(item);
            }
        });
        if (renewing.isEmpty()) {
            return;
        }
        Instant leaseUntil = now.plus(config.operations().lease());
        operations.renew(pool, replica, renewing.stream().map(CommandKey::operationId).toList(), renewing.stream().map(CommandKey::serverId).toList(),
                leaseUntil).subscribe().with(renewed -> {
                    // only the items still running here (a finished one is gone: nothing to put back)
                    renewing.forEach(item -> inFlight.replace(item, leaseUntil));
                    LOG.tracef("renewed %d leases", renewed);
                }, e -> LOG.warnf("renewing the leases of %d fleet commands failed: %s", renewing.size(), e.getMessage()));
    }

    /** One takeover round: claims abandoned items (a round at a time) and runs them as if their command had come. */
    void takeOver() {
        if (draining || !takingOver.compareAndSet(false, true)) {
            return;
        }
        Instant now = Instant.now();
        Instant leaseUntil = now.plus(config.operations().lease());
        operations.takeOver(pool, replica, now, leaseUntil, now.minus(config.operations().pendingTimeout()),
                config.operations().takeoverBatch()).subscribe().with(commands -> {
                    takingOver.set(false);
                    if (!commands.isEmpty()) {
                        LOG.infof("replica %s took over %d fleet commands", replica, commands.size());
                    }
                    takenOver.increment(commands.size());
                    // already claimed: they run whatever the slots say, and count against the Kafka path's
                    slots.force(commands.size());
                    commands.forEach(command -> start(command, leaseUntil));
                }, e -> {
                    takingOver.set(false);
                    LOG.warnf("taking over fleet commands failed: %s", e.getMessage());
                });
    }
}
