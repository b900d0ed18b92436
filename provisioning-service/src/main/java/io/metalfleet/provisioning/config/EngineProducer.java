package io.metalfleet.provisioning.config;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.provisioning.redfish.connector.BmcNetworks;
import io.metalfleet.provisioning.redfish.connector.RedfishSettings;
import io.metalfleet.provisioning.redfish.tls.BmcTrust;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxBuilder;
import io.vertx.core.impl.VertxThread;
import io.vertx.core.spi.VertxThreadFactory;

/**
 * The one engine of the service, configured from {@link ProvisioningConfig}, on a Vert.x of its own: its event loops
 * (threads named {@code redfish-…}) carry the BMCs' connections, and Quarkus' carry the database's, Kafka's and the
 * API's. Sharing them, a fleet operation's 10,000 BMC answers queued ahead of the answers its own claims, results and
 * relay waited for; as separate threads, the scheduler shares the cores between the two.
 */
@ApplicationScoped
public class EngineProducer {

    private Vertx engineVertx;

    @Produces
    @Singleton
    BmcTrust trust() {
        return new BmcTrust();
    }

    @Produces
    @Singleton
    RedfishEngine engine(ProvisioningConfig config, BmcTrust trust) {
        int loops = config.redfish().eventLoops().orElse(Runtime.getRuntime().availableProcessors());
        // the engine never blocks: its worker pools only serve Vert.x's own internals
        VertxOptions options = new VertxOptions().setEventLoopPoolSize(Math.max(1, loops)).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1);
        engineVertx = new VertxBuilder(options)
                .threadFactory(new VertxThreadFactory() {
                    @Override
                    public VertxThread newVertxThread(Runnable target, String name, boolean worker, long maxExecTime, TimeUnit unit) {
                        return new VertxThread(target, "redfish-" + name, worker, maxExecTime, unit);
                    }
                })
                .init().vertx();
        RedfishEngine engine = new RedfishEngine(engineVertx, RedfishSettings.from(config), trust);
        engine.connector().restrictTo(BmcNetworks.parse(config.redfish().allowedNetworks().orElse(List.of())));
        return engine;
    }

    void close(@Disposes RedfishEngine engine) {
        engine.close();
        if (engineVertx != null) {
            engineVertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
