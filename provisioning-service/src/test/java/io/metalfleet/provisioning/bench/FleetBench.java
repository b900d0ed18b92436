package io.metalfleet.provisioning.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.provisioning.redfish.boot.BootOverride;
import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.redfish.connector.RedfishSettings;
import io.metalfleet.provisioning.redfish.power.PowerAction;
import io.metalfleet.provisioning.redfish.tls.BmcTrust;
import io.metalfleet.simulator.BmcFleet;
import io.metalfleet.simulator.FleetConfig;
import io.metalfleet.simulator.SimulatedBmc;
import io.metalfleet.simulator.fault.FaultSpec;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The engine's hot path against the simulator in one JVM (so RSS is engine + simulator): inspection of
 * every BMC, then power-cycle + one-time PXE of every BMC, each confirmed. Prints one line per measure:
 * {@code name value unit target}. Options: --bmcs N (1000), --https, --faults F (fraction of BMCs that
 * stop answering after inspection). Not a test: run it with the test classpath (README "Benchmark").
 *
 * <p>It drives the engine directly, not through Kafka and the API: it measures the Redfish path that
 * dominates the fleet operation; the service's per-command overhead is measured apart.
 */
public final class FleetBench {

    private static final long LATENCY_MS = 50;
    private static final long TRANSITION_MS = 1000;

    public static void main(String[] args) throws Exception {
        int bmcs = 1000;
        boolean https = false;
        double faults = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bmcs" -> bmcs = Integer.parseInt(args[++i]);
                case "--https" -> https = true;
                case "--faults" -> faults = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--bmcs N, --https, --faults F)");
            }
        }
        System.out.printf(Locale.ROOT, "# FleetBench: %d BMCs, %s, faults %.2f, %d cores, java %s%n", bmcs,
                https ? "https" : "http", faults, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        try (BmcFleet fleet = BmcFleet.start(FleetConfig.builder().bmcs(bmcs).basePort(0).controlPort(-1).https(https)
                .latency(Duration.ofMillis(LATENCY_MS)).powerTransition(Duration.ofMillis(TRANSITION_MS)).eventLoops(2).build())) {
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
            RedfishSettings settings = RedfishSettings.defaults().withRequestTimeout(Duration.ofSeconds(5))
                    .withRetries(2, Duration.ofMillis(200));
            try (RedfishEngine engine = new RedfishEngine(vertx, settings, new BmcTrust())) {
                List<BmcTarget> targets = new ArrayList<>();
                for (SimulatedBmc bmc : fleet.bmcs()) {
                    targets.add(new BmcTarget("server-" + bmc.index(), bmc.url(), bmc.username(), bmc.password()));
                }
                Map<String, Long> errors = new ConcurrentHashMap<>();

                long start = System.nanoTime();
                long inspected = run(targets, t -> engine.inspect(t).replaceWithVoid(), errors, null);
                double inspectS = seconds(System.nanoTime() - start);
                line("fleet.inspect.wall", inspectS, "s", "<=30 at 10000 (engine only, no Kafka)");
                line("fleet.inspect.ok", inspected, "servers", "=" + bmcs);
                line("fleet.inspect.requests", engine.connector().requests(), "requests", "-");
                line("fleet.inspect.retries", engine.connector().retries(), "retries", "-");
                line("fleet.inspect.global_max_in_flight", engine.connector().globalMaxInFlight(), "requests", "-");

                Set<Integer> faulty = Set.of();
                if (faults > 0) {
                    faulty = Set.copyOf(fleet.setFaults(faults, 7, FaultSpec.builder().timeoutRate(1).build()));
                }
                long requestsBefore = engine.connector().requests();
                fleet.resetCounters();
                AtomicLong lastHealthy = new AtomicLong();
                Set<Integer> faultyFinal = faulty;
                start = System.nanoTime();
                long startRef = start;
                long confirmed = run(targets, t -> engine.power(t, PowerAction.PowerCycle, BootOverride.oncePxe())
                        .invoke(state -> {
                            if (!faultyFinal.contains(Integer.parseInt(t.serverId().substring(7)))) {
                                lastHealthy.accumulateAndGet(System.nanoTime() - startRef, Math::max);
                            }
                        }).replaceWithVoid(), errors, faulty);
                long wall = System.nanoTime() - start;
                long requests = engine.connector().requests() - requestsBefore;
                // GET system, PATCH override, POST reset, the transition, one confirming GET: per BMC, all in parallel
                double ideal = (4 * LATENCY_MS + TRANSITION_MS) / 1000.0;
                line("fleet.power_cycle_pxe.wall", seconds(wall), "s", https ? "<=20 at 10000" : "<=10 at 10000");
                line("fleet.power_cycle_pxe.healthy_confirmed_at", seconds(lastHealthy.get()), "s", "<=1.2x fault-free");
                line("fleet.power_cycle_pxe.confirmed", confirmed, "servers", "=" + (bmcs - faulty.size()));
                line("fleet.power_cycle_pxe.ideal", ideal, "s", "simulator latency floor");
                line("fleet.power_cycle_pxe.ratio", seconds(wall) / ideal, "x", "<=1.5");
                line("fleet.power_cycle_pxe.requests_per_s", requests / seconds(wall), "req/s", "-");
                line("fleet.power_cycle_pxe.requests", requests, "requests", "-");
                line("fleet.retries", engine.connector().retries(), "retries", "-");
                line("fleet.rss.peak", peakRssMiB(), "MiB", "<=1024 (engine + simulator, one JVM)");
                int maxPerBmc = fleet.bmcs().stream().mapToInt(SimulatedBmc::maxConcurrentRequests).max().orElse(0);
                line("fleet.max_concurrent_per_bmc", maxPerBmc, "requests", "<=2");
                long pxe = fleet.bmcs().stream().filter(b -> "Pxe".equals(b.hostState().lastBootTarget())).count();
                line("fleet.booted_pxe", pxe, "servers", "=" + (bmcs - faulty.size()));
                if (errors.isEmpty()) {
                    line("fleet.errors", 0, "operations", "faulty only");
                }
                new TreeMap<>(errors).forEach((kind, n) -> line("fleet.errors." + kind, n, "operations", "faulty only"));
            }
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** Runs the operation on every target at once (the engine's limits do the pacing); returns the successes. */
    private static long run(List<BmcTarget> targets, java.util.function.Function<BmcTarget, Uni<Void>> operation,
            Map<String, Long> errors, Set<Integer> expectedFailures) {
        AtomicLong ok = new AtomicLong();
        List<Uni<Void>> all = new ArrayList<>(targets.size());
        for (BmcTarget target : targets) {
            all.add(operation.apply(target).invoke(ok::incrementAndGet).onFailure().recoverWithUni(e -> {
                String kind = e instanceof RedfishException r ? r.kind().name().toLowerCase() : e.getClass().getSimpleName();
                errors.merge(kind, 1L, Long::sum);
                return Uni.createFrom().voidItem();
            }));
        }
        Uni.join().all(all).andCollectFailures().await().atMost(Duration.ofMinutes(10));
        return ok.get();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static long peakRssMiB() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux: no figure
        }
        return -1;
    }

    private static void line(String name, double value, String unit, String target) {
        System.out.printf(Locale.ROOT, "%s %.3f %s %s%n", name, value, unit, target);
    }
}
