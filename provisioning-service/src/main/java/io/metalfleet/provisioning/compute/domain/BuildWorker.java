package io.metalfleet.provisioning.compute.domain;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.metalfleet.provisioning.compute.ComputeConfig;
import io.metalfleet.provisioning.compute.persistence.ComputeServerRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Drives server builds and releases from the database: each round claims the due steps (with a lease, SKIP LOCKED,
 * so replicas share the work) and runs them without waiting. All state is in compute_servers, so a restart resumes
 * every build where it was: a step leased by a stopped replica is claimed again once its lease ran out.
 */
@ApplicationScoped
public class BuildWorker {

    private static final Logger LOG = Logger.getLogger(BuildWorker.class);

    @Inject
    Pool pool;
    @Inject
    ComputeServerRepository servers;
    @Inject
    BuildSteps steps;
    @Inject
    ComputeConfig config;
    @Inject
    Vertx vertx;

    private final String owner = "compute-" + UUID.randomUUID();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private long timer = -1;

    void start(@Observes StartupEvent start) {
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> round());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void round() {
        if (!claiming.compareAndSet(false, true)) {
            return;
        }
        Instant now = Instant.now();
        servers.claimDue(pool, owner, now, now.plus(config.lease()), config.stepsPerRound()).subscribe().with(due -> {
            claiming.set(false);
            due.forEach(server -> steps.run(server).subscribe().with(done -> { },
                    e -> LOG.warnf("step %s of server %s could not be recorded: %s", server.phase(), server.id(), e.getMessage())));
        }, e -> {
            claiming.set(false);
            LOG.warnf("claiming build steps failed: %s", e.getMessage());
        });
    }
}
