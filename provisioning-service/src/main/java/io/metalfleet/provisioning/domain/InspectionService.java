package io.metalfleet.provisioning.domain;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.metalfleet.provisioning.config.ProvisioningConfig;
import io.metalfleet.provisioning.events.ServerEvents;
import io.metalfleet.provisioning.persistence.GroupCommit;
import io.metalfleet.provisioning.persistence.OutboxRepository;
import io.metalfleet.provisioning.persistence.ServerRecord;
import io.metalfleet.provisioning.persistence.ServerRepository;
import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.redfish.inspect.HardwareReport;
import io.metalfleet.provisioning.redfish.tls.BmcTrust;
import io.metalfleet.provisioning.security.CredentialUnsealer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Inspection of an enrolled server: credentials unsealed in memory, the engine inspects, and the
 * result (server.inspected with hardwareSpecs, or server.inspection-failed with the reason) is written
 * with the read model's state in one transaction, together with the other results that ended meanwhile. A server left "inspecting" by a stopped replica is
 * inspected again at start.
 */
@ApplicationScoped
public class InspectionService {

    /** Inspection results in one transaction at most (each carries its server.inspected, a few KiB). */
    static final int RESULTS_PER_TRANSACTION = 1000;

    private static final Logger LOG = Logger.getLogger(InspectionService.class);

    @Inject
    RedfishEngine engine;
    @Inject
    BmcTrust trust;
    @Inject
    CredentialUnsealer unsealer;
    @Inject
    ServerRepository servers;
    @Inject
    OutboxRepository outbox;
    @Inject
    ServerEvents events;
    @Inject
    Pool pool;
    @Inject
    ProvisioningConfig config;

    @Inject
    Vertx vertx;

    private GroupCommit<Result> results;

    @PostConstruct
    void init() {
        ProvisioningConfig.InventoryEvents retry = config.inventoryEvents();
        results = new GroupCommit<>(vertx, pool, retry.resultFlushInterval(), RESULTS_PER_TRANSACTION,
                new GroupCommit.Retry(failure -> true, retry.resultRetries(), retry.retryBackoff(), retry.retryBackoffMax()), this::write);
    }

    void resumeUnfinished(@Observes StartupEvent start) {
        // record pins taken on first contact, so that a changed certificate is refused after a restart too
        trust.onFirstUse((hostPort, fingerprint) -> servers.pin(pool, hostPort, fingerprint).subscribe()
                .with(ok -> { }, e -> LOG.warnf("could not record the TLS pin of %s: %s", hostPort, e.getMessage())));
        pool.query("SELECT id, bmc_endpoint, tls_fingerprint, provisioning_state FROM servers"
                + " WHERE tls_fingerprint IS NOT NULL OR provisioning_state = 'inspecting'").execute()
                .subscribe().with(rows -> {
                    for (Row r : rows) {
                        String endpoint = r.getString("bmc_endpoint");
                        if (r.getString("tls_fingerprint") != null) {
                            trust.pin(endpoint.substring(endpoint.indexOf("//") + 2), r.getString("tls_fingerprint"));
                        }
                        if ("inspecting".equals(r.getString("provisioning_state"))) {
                            start(r.getString("id"));
                        }
                    }
                }, e -> LOG.warnf("could not resume inspections: %s", e.getMessage()));
    }

    /** Starts the inspection without waiting for it: the engine's limits pace thousands of them. */
    public void start(String serverId) {
        run(serverId, servers.find(pool, serverId).chain(this::inspect));
    }

    /** Starts the inspection of a server just written to the read model (committed), without reading it back. */
    public void start(ServerRecord server) {
        run(server.id(), Uni.createFrom().deferred(() -> inspect(server)));
    }

    private static void run(String serverId, Uni<Void> inspection) {
        inspection.subscribe().with(ok -> { },
                e -> LOG.warnf("inspection of %s could not be recorded: %s", serverId, e.getMessage()));
    }

    private Uni<Void> inspect(ServerRecord server) {
        if (server == null || !"inspecting".equals(server.provisioningState())) {
            return Uni.createFrom().voidItem();
        }
        BmcTarget target;
        try {
            if (server.credentialsSealed() == null) {
                return failed(server.id(), "no BMC credentials: enroll the server with bmcCredentials or set project defaults");
            }
            target = unsealer.target(server.id(), server.bmcEndpoint(), server.credentialsKeyId(), server.credentialsSealed());
        } catch (IllegalArgumentException e) {
            return failed(server.id(), e.getMessage());
        }
        return engine.inspect(target)
                .onItemOrFailure().transformToUni((report, failure) -> failure == null ? succeeded(server.id(), report)
                        : failed(server.id(), failure instanceof RedfishException r ? r.reason() : "inspection failed: " + failure.getMessage()));
    }

    private Uni<Void> succeeded(String serverId, HardwareReport report) {
        Instant now = Instant.now();
        OutboxRepository.NewEvent inspected = events.inspected(serverId, report, now);
        // the event's payload (hardwareSpecs, system, NICs) is also what flavors are matched against
        return recorded(new Result(new ServerRepository.Inspected(serverId, "available", report.powerState(), inspected.payload(), now),
                inspected));
    }

    private Uni<Void> failed(String serverId, String reason) {
        return recorded(new Result(new ServerRepository.Inspected(serverId, "error", null, null, Instant.now()),
                events.inspectionFailed(serverId, reason)));
    }

    /** An inspection's end: the read model's row and the event, written in one transaction. */
    record Result(ServerRepository.Inspected server, OutboxRepository.NewEvent event) {
    }

    /**
     * The result is written with the others that end meanwhile (one transaction for a batch: 10,000 inspections cost
     * a few dozen transactions and hold one connection, instead of 10,000 queueing for the pool and starving the outbox
     * relay), tried again while it fails (a pool out of connections): given up, the server would stay "inspecting"
     * until the next start. In the rare case of a commit whose answer was lost, the same results are published twice,
     * and apply the same way twice.
     */
    private Uni<Void> recorded(Result result) {
        return results.submit(result);
    }

    private Uni<Void> write(SqlClient tx, List<Result> batch) {
        Instant now = Instant.now();
        return servers.inspectedAll(tx, batch.stream().map(Result::server).toList())
                .chain(() -> outbox.append(tx, batch.stream().map(Result::event).toList(), now));
    }
}
