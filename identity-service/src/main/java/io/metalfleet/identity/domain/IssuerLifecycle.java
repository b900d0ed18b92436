package io.metalfleet.identity.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Startup: a signing key exists and is loaded, the bootstrap admin exists — before the first request.
 * Then: the ring is reloaded every few seconds (keys rotated by another replica), and the rotation
 * schedule and retirement of old keys are checked on the configured period.
 */
@ApplicationScoped
public class IssuerLifecycle {

    private static final Logger LOG = Logger.getLogger(IssuerLifecycle.class);

    @Inject
    SigningKeyService keys;
    @Inject
    AccountService accounts;

    void start(@Observes StartupEvent start) throws Throwable {
        Instant now = Instant.now();
        VertxContextSupport.subscribeAndAwait(() -> keys.ensureActive(now)
                .chain(() -> keys.reload())
                .chain(() -> accounts.bootstrapAdmin(now)));
    }

    /**
     * Keys rotated or retired by another replica. A scheduled Uni runs on a duplicated Vert.x context,
     * as Hibernate Reactive needs; VertxContextSupport from a plain Vert.x timer refused to run on the
     * event loop, so the ring was never reloaded.
     */
    @Scheduled(every = "${metalfleet.keys.refresh-interval}", delayed = "${metalfleet.keys.refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reload() {
        return keys.reload()
                .onFailure().invoke(e -> LOG.warnf("key ring reload failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    @Scheduled(every = "${metalfleet.keys.check-every}", delayed = "30s")
    Uni<Void> maintain() {
        return keys.scheduledMaintenance(Instant.now())
                .onFailure().invoke(e -> LOG.warnf("signing key maintenance failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
