package io.metalfleet.provisioning.redfish;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishSettings;
import io.metalfleet.provisioning.redfish.tls.BmcTrust;
import io.metalfleet.simulator.BmcFleet;
import io.metalfleet.simulator.FleetConfig;
import io.metalfleet.simulator.SimulatedBmc;
import io.vertx.core.Vertx;

/** A simulated fleet on free ports and an engine talking to it over real sockets. */
final class EngineFixture implements AutoCloseable {

    static final Duration AWAIT = Duration.ofSeconds(30);

    final BmcFleet fleet;
    final Vertx vertx = Vertx.vertx();
    final BmcTrust trust = new BmcTrust();
    final RedfishEngine engine;

    EngineFixture(FleetConfig.Builder fleetConfig, RedfishSettings settings) {
        this.fleet = BmcFleet.start(fleetConfig.basePort(0).controlPort(-1).build());
        this.engine = new RedfishEngine(vertx, settings, trust);
    }

    /** Fast test settings: short timeouts and backoff so failures show within seconds. */
    static RedfishSettings settings() {
        return RedfishSettings.defaults().withRequestTimeout(Duration.ofSeconds(2))
                .withRetries(3, Duration.ofMillis(50)).withBreaker(5, Duration.ofSeconds(30))
                .withPowerTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    static FleetConfig.Builder fleet(int bmcs) {
        return FleetConfig.builder().bmcs(bmcs).latency(Duration.ofMillis(5)).powerTransition(Duration.ofMillis(300));
    }

    BmcTarget target(int index) {
        SimulatedBmc bmc = fleet.bmc(index);
        return new BmcTarget("server-t" + index, bmc.url(), bmc.username(), bmc.password());
    }

    @Override
    public void close() {
        engine.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the JVM of the test ends anyway
        }
        fleet.close();
    }
}
