package io.metalfleet.identity.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.metalfleet.identity.config.IdentityConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

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
    @Inject
    IdentityConfig config;
    @Inject
    Vertx vertx;

    private long timer = -1;

    void start(@Observes StartupEvent start) throws Throwable {
        Instant now = Instant.now();
        VertxContextSupport.subscribeAndAwait(() -> keys.ensureActive(now)
                .chain(() -> keys.reload())
                .chain(() -> accounts.bootstrapAdmin(now)));
        timer = vertx.setPeriodic(config.keys().refreshInterval().toMillis(), id -> reloadQuietly());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    @Scheduled(every = "${metalfleet.keys.check-every}", delayed = "30s")
    Uni<Void> maintain() {
        return keys.scheduledMaintenance(Instant.now())
                .onFailure().invoke(e -> LOG.warnf("signing key maintenance failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private void reloadQuietly() {
        try {
            VertxContextSupport.subscribe(() -> keys.reload().toMulti(), subscriber -> subscriber.with(ok -> {
            }, e -> LOG.warnf("key ring reload failed: %s", e.getMessage())));
        } catch (Throwable e) {
            LOG.warnf("key ring reload failed: %s", e.getMessage());
        }
    }
}
