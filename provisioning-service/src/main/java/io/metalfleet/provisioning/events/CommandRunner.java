package io.metalfleet.provisioning.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.config.ProvisioningConfig;
import io.metalfleet.provisioning.domain.BmcCommand;
import io.metalfleet.provisioning.domain.OperationResults;
import io.metalfleet.provisioning.persistence.OperationRepository;
import io.metalfleet.provisioning.persistence.ServerRecord;
import io.metalfleet.provisioning.persistence.ServerRepository;
import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.security.CredentialUnsealer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Runs the {@code bmc.command}s of the partitions Kafka's consumer group gives this replica, and takes over the items
 * other replicas abandoned.
 * <ul>
 * <li>A command runs once this replica has claimed its item (pending, or running past its lease); commands run
 * concurrently (bounded; each mostly waits on its BMC, the engine paces the fleet). Each record is acknowledged when
 * its result is written, so the offsets a stopped replica leaves uncommitted are redelivered to the replica that takes
 * its partitions; a redelivered command for a server done or in hand elsewhere is skipped.</li>
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
    ServerRepository servers;
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

    /** This replica in item ownership: by default a restarted process is a new owner. */
    private String replica;
    /** Items this replica is running (their leases are renewed); empty when a drain may end. */
    private final Set<Item> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean takingOver = new AtomicBoolean();
    private volatile boolean draining;
    private volatile CompletableFuture<Void> drained;
    private long renewTimer = -1;
    private long takeoverTimer = -1;

    private record Item(String operationId, String serverId) {
    }

    @PostConstruct
    void init() {
        replica = config.operations().replicaId().orElse(UUID.randomUUID().toString().substring(0, 8));
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
        if (inFlight.isEmpty()) {
            drained.complete(null);
        }
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

    @Incoming("bmc-commands")
    @Outgoing("bmc-commands-done")
    public Multi<Message<String>> run(Multi<Message<String>> commands) {
        return commands.onItem().transformToUni(this::execute).merge(config.operations().maxConcurrentCommands());
    }

    /** The end of the in-memory stream: every record was acknowledged where its result was written. */
    @Incoming("bmc-commands-done")
    public void done(String serverId) {
        LOG.tracef("command for %s done", serverId);
    }

    private Uni<Message<String>> execute(Message<String> message) {
        if (draining) {
            // neither acknowledged nor refused: its offset stays uncommitted, the partition's next owner runs it
            return Uni.createFrom().item(Message.of(""));
        }
        BmcCommand command;
        try {
            command = BmcCommand.from(json.readTree(message.getPayload()));
        } catch (Exception e) {
            LOG.warn("skipping a bmc.command whose data is not JSON");
            return Uni.createFrom().completionStage(message.ack()).replaceWith(Message.of(""));
        }
        Instant now = Instant.now();
        return operations.claim(pool, command.operationId(), command.serverId(), replica, now, now.plus(config.operations().lease()))
                .chain(attempt -> {
                    if (attempt == null) {
                        // done, cancelled or in hand elsewhere: a redelivery after a rebalance
                        metrics.counter("metalfleet.commands", "outcome", "skipped").increment();
                        return Uni.createFrom().voidItem();
                    }
                    return runClaimed(command);
                })
                // not claimed or not recorded: the item stays pending or leased, and the takeover rounds run it again
                .onFailure().invoke(e -> LOG.warnf("command %s/%s not recorded: %s", command.operationId(), command.serverId(), e.getMessage()))
                .onFailure().recoverWithNull()
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .replaceWith(Message.of(command.serverId()));
    }

    /** Runs a command whose item this replica holds and records the result (only while it still holds the lease). */
    private Uni<Void> runClaimed(BmcCommand command) {
        Item item = new Item(command.operationId(), command.serverId());
        inFlight.add(item);
        long started = System.nanoTime();
        return servers.find(pool, command.serverId())
                .chain(server -> power(server, command))
                .onItemOrFailure().transformToUni((state, failure) -> {
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    metrics.counter("metalfleet.commands", "outcome", failure == null ? "succeeded" : "failed").increment();
                    String error = failure == null ? null
                            : failure instanceof RedfishException r ? r.reason() : "failed: " + failure.getMessage();
                    return results.record(new OperationRepository.ItemResult(command.operationId(), command.serverId(), replica,
                            failure == null ? "succeeded" : "failed", ms, state, error, Instant.now()));
                })
                .onTermination().invoke(() -> {
                    inFlight.remove(item);
                    CompletableFuture<Void> waiting = drained;
                    if (waiting != null && inFlight.isEmpty()) {
                        waiting.complete(null);
                    }
                });
    }

    private Uni<String> power(ServerRecord server, BmcCommand command) {
        if (server == null) {
            return Uni.createFrom().failure(new IllegalStateException("the server is no longer enrolled"));
        }
        if (server.credentialsSealed() == null) {
            return Uni.createFrom().failure(new IllegalStateException("no BMC credentials"));
        }
        BmcTarget target = unsealer.target(server.id(), server.bmcEndpoint(), server.credentialsKeyId(), server.credentialsSealed());
        return engine.power(target, command.powerAction(), command.bootOverride());
    }

    private void renewLeases() {
        if (inFlight.isEmpty()) {
            return;
        }
        List<String> operationIds = new ArrayList<>();
        List<String> serverIds = new ArrayList<>();
        for (Item item : inFlight) {
            operationIds.add(item.operationId());
            serverIds.add(item.serverId());
        }
        operations.renew(pool, replica, operationIds, serverIds, Instant.now().plus(config.operations().lease()))
                .subscribe().with(renewed -> LOG.tracef("renewed %d leases", renewed),
                        e -> LOG.warnf("renewing the leases of %d fleet commands failed: %s", serverIds.size(), e.getMessage()));
    }

    /** One takeover round: claims abandoned items (a round at a time) and runs them as if their command had come. */
    void takeOver() {
        if (draining || !takingOver.compareAndSet(false, true)) {
            return;
        }
        Instant now = Instant.now();
        operations.takeOver(pool, replica, now, now.plus(config.operations().lease()), now.minus(config.operations().pendingTimeout()),
                config.operations().takeoverBatch()).subscribe().with(commands -> {
                    takingOver.set(false);
                    if (!commands.isEmpty()) {
                        LOG.infof("replica %s took over %d fleet commands", replica, commands.size());
                    }
                    metrics.counter("metalfleet.commands.taken.over").increment(commands.size());
                    commands.forEach(command -> runClaimed(command).subscribe().with(done -> { },
                            e -> LOG.warnf("command %s/%s not recorded: %s", command.operationId(), command.serverId(), e.getMessage())));
                }, e -> {
                    takingOver.set(false);
                    LOG.warnf("taking over fleet commands failed: %s", e.getMessage());
                });
    }
}
