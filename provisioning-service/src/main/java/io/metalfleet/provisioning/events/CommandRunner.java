package io.metalfleet.provisioning.events;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.config.ProvisioningConfig;
import io.metalfleet.provisioning.persistence.OperationRepository;
import io.metalfleet.provisioning.persistence.ServerRecord;
import io.metalfleet.provisioning.persistence.ServerRepository;
import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.provisioning.redfish.boot.BootOverride;
import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.redfish.power.PowerAction;
import io.metalfleet.provisioning.security.CredentialUnsealer;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Runs the {@code bmc.command}s of the partitions Kafka's consumer group gives this replica. Commands
 * run concurrently (bounded; each mostly waits on its BMC, the engine paces the fleet) and each record
 * is acknowledged when its server's result is written, so the offsets a stopped replica leaves
 * uncommitted are redelivered to the replica that takes its partitions. The item claim (pending, or
 * running past its lease) makes a redelivered command for a server done or in hand a no-op.
 */
@ApplicationScoped
public class CommandRunner {

    private static final Logger LOG = Logger.getLogger(CommandRunner.class);
    /** This replica in item ownership: a restarted process is a new owner. */
    static final String REPLICA = UUID.randomUUID().toString().substring(0, 8);

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
        JsonNode command;
        try {
            command = json.readTree(message.getPayload());
        } catch (Exception e) {
            LOG.warn("skipping a bmc.command whose data is not JSON");
            return Uni.createFrom().completionStage(message.ack()).replaceWith(Message.of(""));
        }
        String operationId = command.path("operationId").asText();
        String serverId = command.path("serverId").asText();
        Instant now = Instant.now();
        return operations.claim(pool, operationId, serverId, REPLICA, now, now.minus(config.operations().lease()))
                .chain(attempt -> {
                    if (attempt == null) {
                        // done, cancelled or in hand elsewhere: a redelivery after a rebalance
                        metrics.counter("metalfleet.commands", "outcome", "skipped").increment();
                        return Uni.createFrom().voidItem();
                    }
                    return runClaimed(command, operationId, serverId);
                })
                .onFailure().invoke(e -> LOG.warnf("command %s/%s not recorded: %s", operationId, serverId, e.getMessage()))
                // a failure to record leaves the offset unacknowledged: the command comes back after a rebalance
                .onFailure().recoverWithUni(e -> Uni.createFrom().completionStage(message.nack(e)))
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .replaceWith(Message.of(serverId));
    }

    private Uni<Void> runClaimed(JsonNode command, String operationId, String serverId) {
        long started = System.nanoTime();
        return servers.find(pool, serverId)
                .chain(server -> power(server, command))
                .onItemOrFailure().transformToUni((state, failure) -> {
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    metrics.counter("metalfleet.commands", "outcome", failure == null ? "succeeded" : "failed").increment();
                    String error = failure == null ? null
                            : failure instanceof RedfishException r ? r.reason() : "failed: " + failure.getMessage();
                    return pool.withTransaction(tx -> operations.finish(tx, operationId, serverId, REPLICA,
                            failure == null ? "succeeded" : "failed", ms, state, error, Instant.now()));
                });
    }

    private Uni<String> power(ServerRecord server, JsonNode command) {
        if (server == null) {
            return Uni.createFrom().failure(new IllegalStateException("the server is no longer enrolled"));
        }
        if (server.credentialsSealed() == null) {
            return Uni.createFrom().failure(new IllegalStateException("no BMC credentials"));
        }
        BmcTarget target = unsealer.target(server.id(), server.bmcEndpoint(), server.credentialsKeyId(), server.credentialsSealed());
        String action = command.path("action").asText(null);
        JsonNode boot = command.path("bootOverride");
        BootOverride override = boot.isMissingNode() || boot.isNull() ? null
                : new BootOverride(boot.path("target").asText(), boot.path("enabled").asText("Once"), boot.path("httpBootUri").asText(null));
        return engine.power(target, action == null ? null : PowerAction.valueOf(action), override);
    }
}
