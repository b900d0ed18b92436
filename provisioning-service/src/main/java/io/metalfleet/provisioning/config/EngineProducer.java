package io.metalfleet.provisioning.config;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.context.ThreadContext;

import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.provisioning.redfish.connector.BmcNetworks;
import io.metalfleet.provisioning.redfish.connector.RedfishSettings;
import io.metalfleet.provisioning.redfish.tls.BmcTrust;
import io.netty.util.concurrent.EventExecutor;
import io.smallrye.context.SmallRyeThreadContext;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxInternal;

/**
 * The one engine of the service, configured from {@link ProvisioningConfig}, on a Vert.x of its own whose event loops
 * capture no context into Mutiny's callbacks.
 * <p>
 * Quarkus decorates every Mutiny callback with SmallRye Context Propagation: a snapshot of the caller's CDI request
 * context taken when the chain is built, put in place and taken down at each call. The engine needs neither (no
 * request scope, no transaction: its chains run from Kafka polls, timers and database answers), and at 10,000 BMCs
 * that was 14 % of the service's CPU samples and a share of its garbage. On these loops the thread's context for
 * Mutiny is one that propagates and clears nothing, so callbacks built there are left as they are; every engine
 * operation is built on its BMC's loop ({@code BmcGate.onLoop}). The API's, Kafka's and the database's chains keep
 * Quarkus' loops and their propagation.
 */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    BmcTrust trust() {
        return new BmcTrust();
    }

    @Produces
    @Singleton
    RedfishEngine engine(ProvisioningConfig config, BmcTrust trust) {
        int loops = config.redfish().eventLoops() > 0 ? config.redfish().eventLoops() : Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true)
                .setWorkerPoolSize(1).setInternalBlockingPoolSize(2));
        withoutContextCapture(vertx);
        RedfishEngine engine = new RedfishEngine(vertx, RedfishSettings.from(config), trust);
        engine.connector().restrictTo(BmcNetworks.parse(config.redfish().allowedNetworks().orElse(List.of())));
        return engine;
    }

    void close(@Disposes RedfishEngine engine) {
        engine.close();
        engine.connector().vertx().close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** Sets, on each event loop's thread and for its life, a Mutiny thread context that captures nothing. */
    private static void withoutContextCapture(Vertx vertx) {
        SmallRyeThreadContext none = SmallRyeThreadContext.builder().propagated().cleared().unchanged(ThreadContext.ALL_REMAINING).build();
        List<EventExecutor> loops = new ArrayList<>();
        ((VertxInternal) vertx).getEventLoopGroup().forEach(loops::add);
        CountDownLatch set = new CountDownLatch(loops.size());
        for (EventExecutor loop : loops) {
            loop.execute(() -> {
                // not closed: the loop's thread keeps this context as long as it lives
                SmallRyeThreadContext.withThreadContext(none);
                set.countDown();
            });
        }
        try {
            if (!set.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the engine's event loops did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
