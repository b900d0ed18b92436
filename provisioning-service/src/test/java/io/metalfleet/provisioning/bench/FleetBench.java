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
import io.metalfleet.simulator.profile.Profiles;
import io.metalfleet.simulator.profile.Quirks;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The engine's hot path against the BMC simulator run as separate processes (its command line, see
 * {@link SimulatorProcesses}): inspection of every BMC, then power-cycle + one-time PXE of every BMC,
 * each confirmed. Prints one line per measure: {@code name value unit target}. Options: --bmcs N (1000),
 * --https, --faults F (fraction of BMCs that stop answering after inspection), --profiles dmtf,hpe,gpu,
 * --base-port P (0: free ports), --control-port C (19900), --port-per-bmc (the simulator's port per BMC on 127.0.0.1,
 * shards of 5,000, instead of an address per BMC on one port), --simulator-heap H, --no-expand (BMCs without
 * $expand: inspection reads every member alone, the figures before it), --powered-off (hosts start off, so a
 * PowerCycle is a power-on), --no-shortcuts (every power action reads the system first and polls from the first-poll
 * delay: no kept read, no learnt transition), --no-warm-up (measure the engine's first power action, cold; by default it
 * runs once before the measured one, printed as fleet.power_cycle_pxe.cold.*), --reinspect (inspect the fleet a second
 * time, warm, and print its CPU per request and per server). Not a test: run it with
 * the test classpath (README "Benchmark", {@code ./metalfleet bench fleet --engine-only}).
 *
 * <p>It drives the engine directly, not through Kafka and the API: it measures the Redfish path that
 * dominates the fleet operation. RSS is reported per side: this JVM (the engine) and the simulators.
 */
public final class FleetBench {

    static final long LATENCY_MS = 50;
    private static volatile RedfishEngine DIAG;
    private static final AtomicLong FD_PEAK = new AtomicLong();
    static final long TRANSITION_MS = 1000;

    /**
     * The simulator's latency floor for power-cycle + one-time PXE of one BMC of {@code profile}: what an engine with
     * no cost of its own would need, from the simulator's latency, transition time and the profile's quirks.
     * <ul>
     * <li>dmtf: GET system, PATCH override, POST PowerCycle, the transitions, one confirming GET. A host that is on
     * goes through two (PoweringOff, then PoweringOn: deploy/bmc-simulator Host.startReset), a host that is off
     * through one (PoweringOn).</li>
     * <li>hpe (iLO, no PowerCycle): GET, PATCH, POST ForceOff, a transition, a confirming GET, POST On, a transition,
     * a confirming GET; a host already off skips the ForceOff and its GET.</li>
     * <li>gpu: GET, PATCH, POST; the reset lands only after the profile's land delay, and the BMC answers 503 for its
     * not-ready window after the landing; then the transitions and one confirming GET.</li>
     * </ul>
     */
    static double idealPowerCycleSeconds(String profile, boolean poweredOn) {
        int transitions = poweredOn ? 2 : 1;
        long ms = switch (profile) {
            case "hpe" -> (poweredOn ? 6 : 4) * LATENCY_MS + transitions * TRANSITION_MS;
            case "gpu" -> {
                Quirks quirks = Profiles.gpu().quirks();
                long land = quirks.resetLandDelay().toMillis();
                yield 3 * LATENCY_MS + land + Math.max(transitions * TRANSITION_MS, quirks.notReadyAfterPowerChange().toMillis())
                        + LATENCY_MS;
            }
            default -> 4 * LATENCY_MS + transitions * TRANSITION_MS;
        };
        return ms / 1000.0;
    }

    /** The fleet's floor: its slowest profile's (every BMC starts at once, each on its own BMC). */
    static double idealPowerCycleSeconds(List<String> profiles, boolean poweredOn) {
        return profiles.stream().mapToDouble(p -> idealPowerCycleSeconds(p, poweredOn)).max().orElse(0);
    }

    public static void main(String[] args) throws Exception {
        // base port 0: free ports, a fixed range on a shared machine meets other processes' sockets
        SimulatorProcesses.FleetOptions options = new SimulatorProcesses.FleetOptions(0, 19900);
        List<String> simulatorJvmArgs = new ArrayList<>();
        boolean reinspect = false;
        boolean shortcuts = true;
        boolean warmUp = true;
        RedfishSettings.TlsEngine tlsEngine = RedfishSettings.defaults().tlsEngine();
        for (int i = 0; i < args.length; i++) {
            int read = options.read(args, i);
            if (read >= 0) {
                i = read;
                continue;
            }
            switch (args[i]) {
                case "--simulator-jvm-arg" -> simulatorJvmArgs.add(args[++i]); // e.g. a flight recording, {shard} = its number
                case "--reinspect" -> reinspect = true;
                // every power action reads the system first and polls from power.first-poll (the figures before them)
                case "--no-shortcuts" -> shortcuts = false;
                // the measured operation is the engine's first power action: its code not yet compiled by the JIT
                case "--no-warm-up" -> warmUp = false;
                // what SmallRye Context Propagation's wrapping of every Mutiny callback costs the engine (README)
                case "--no-context-propagation" -> Infrastructure.clearInterceptors();
                // who does the engine's TLS (metalfleet.redfish.tls-engine; the service's default is openssl)
                case "--tls-engine" -> tlsEngine = RedfishSettings.TlsEngine.valueOf(args[++i].toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " ("
                        + SimulatorProcesses.FleetOptions.USAGE + ", --simulator-jvm-arg A, --reinspect, --no-shortcuts, --no-warm-up, --no-context-propagation, --tls-engine openssl|jdk)");
            }
        }
        int bmcs = options.bmcs;
        boolean https = options.https;
        double faults = options.faults;
        int basePort = options.basePort;
        List<String> profiles = options.profiles;
        int ports = SimulatorProcesses.portsNeeded(bmcs, options.portPerBmc);
        if (basePort != 0 && (basePort + ports - 1 > 65535 || basePort < 1024)) {
            throw new IllegalArgumentException("ports " + basePort + ".." + (basePort + ports - 1) + " do not fit");
        }
        System.out.printf(Locale.ROOT, "# FleetBench: %d BMCs (%s%s), %s, faults %.2f, %d cores, java %s, %s%n", bmcs,
                String.join(",", profiles), options.noExpand ? ", no $expand" : "", https ? "https" : "http", faults, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), machine());
        try (SimulatorProcesses fleet = SimulatorProcesses.start(bmcs, basePort, options.controlPort, https, options.portPerBmc, profiles,
                options.heap, simulatorJvmArgs, options.simulatorArgs(), Duration.ofMinutes(3))) {
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
            RedfishSettings settings = (shortcuts ? RedfishSettings.defaults() // the service's defaults
                    : RedfishSettings.defaults().withoutShortcuts()).withTlsEngine(tlsEngine);
            try (RedfishEngine engine = new RedfishEngine(vertx, settings, new BmcTrust())) {
                DIAG = engine;
                List<BmcTarget> targets = fleet.targets();
                Map<String, Long> errors = new ConcurrentHashMap<>();

                long inspectEngineCpu = cpuMs();
                long inspectSimulatorCpu = fleet.cpuMs();
                long start = System.nanoTime();
                long inspected = run(targets, t -> engine.inspect(t).replaceWithVoid(), errors);
                double inspectS = seconds(System.nanoTime() - start);
                inspectEngineCpu = cpuMs() - inspectEngineCpu;
                inspectSimulatorCpu = fleet.cpuMs() - inspectSimulatorCpu;
                long inspectRequests = engine.connector().requests();
                long inspectSeen = fleet.summary().requests();
                line("fleet.inspect.wall", inspectS, "s", "<=30 at 10000 (engine only, no Kafka)");
                line("fleet.inspect.ok", inspected, "servers", "=" + bmcs);
                line("fleet.inspect.requests", inspectRequests, "requests", "-");
                line("fleet.inspect.requests_per_server", (double) inspectSeen / bmcs, "requests (simulator)",
                        options.noExpand ? "without $expand" : "with $expand where advertised");
                line("fleet.inspect.retries", engine.connector().retries(), "retries", "-");
                line("fleet.inspect.cpu.engine", inspectEngineCpu / 1000.0, "s", "-");
                line("fleet.inspect.cpu.simulator", inspectSimulatorCpu / 1000.0, "s", "-");
                line("fleet.inspect.cpu_per_request.engine", inspectEngineCpu * 1000.0 / Math.max(1, inspectRequests), "us", "-");
                line("fleet.inspect.cpu_per_request.simulator", inspectSimulatorCpu * 1000.0 / Math.max(1, inspectSeen), "us", "-");
                line("fleet.inspect.cpu_per_server.engine", inspectEngineCpu * 1000.0 / Math.max(1, inspected), "us", "-");
                line("fleet.inspect.cpu_per_server.simulator", inspectSimulatorCpu * 1000.0 / Math.max(1, inspected), "us", "-");
                if (reinspect) {
                    // the fleet once more, warm: discovery and sessions are known, the JIT has compiled the path,
                    // so the CPU per request is the steady cost of the reads themselves
                    fleet.resetCounters();
                    long engineCpu = cpuMs();
                    long simulatorCpu = fleet.cpuMs();
                    long requests = engine.connector().requests();
                    long again = System.nanoTime();
                    long reinspected = run(targets, t -> engine.inspect(t).replaceWithVoid(), errors);
                    line("fleet.inspect.again.wall", seconds(System.nanoTime() - again), "s", "-");
                    engineCpu = cpuMs() - engineCpu;
                    simulatorCpu = fleet.cpuMs() - simulatorCpu;
                    requests = engine.connector().requests() - requests;
                    long seen = fleet.summary().requests();
                    line("fleet.inspect.again.ok", reinspected, "servers", "=" + bmcs);
                    line("fleet.inspect.again.requests_per_server", (double) seen / bmcs, "requests (simulator)", "-");
                    line("fleet.inspect.again.cpu_per_request.engine", engineCpu * 1000.0 / Math.max(1, requests), "us", "-");
                    line("fleet.inspect.again.cpu_per_request.simulator", simulatorCpu * 1000.0 / Math.max(1, seen), "us", "-");
                    line("fleet.inspect.again.cpu_per_server.engine", engineCpu * 1000.0 / Math.max(1, reinspected), "us", "-");
                    line("fleet.inspect.again.cpu_per_server.simulator", simulatorCpu * 1000.0 / Math.max(1, reinspected), "us", "-");
                }
                // what the engine keeps per BMC between operations (sessions, profiles, gates, idle connections)
                System.gc();
                line("fleet.heap.live_after_inspection", java.lang.management.ManagementFactory.getMemoryMXBean()
                        .getHeapMemoryUsage().getUsed() / (1024.0 * 1024), "MiB", "-");

                if (warmUp) {
                    // The same operation once before the measured one, as a running service has done power actions
                    // before (its periodic power-state sync reads the same systems): a third or more of the engine's CPU
                    // in a first operation is the JIT compiling its power path. Printed too, as the cold figure.
                    fleet.resetCounters();
                    long coldRequests = engine.connector().requests();
                    long coldCpu = cpuMs();
                    long coldSimulatorCpu = fleet.cpuMs();
                    long coldStart = System.nanoTime();
                    long coldConfirmed = run(targets, t -> engine.power(t, PowerAction.PowerCycle, BootOverride.oncePxe())
                            .replaceWithVoid(), errors);
                    double coldWall = seconds(System.nanoTime() - coldStart);
                    coldRequests = engine.connector().requests() - coldRequests;
                    coldCpu = cpuMs() - coldCpu;
                    coldSimulatorCpu = fleet.cpuMs() - coldSimulatorCpu;
                    line("fleet.power_cycle_pxe.cold.wall", coldWall, "s", "- (the engine's first power action, not yet compiled)");
                    line("fleet.power_cycle_pxe.cold.confirmed", coldConfirmed, "servers", "=" + bmcs);
                    line("fleet.power_cycle_pxe.cold.ratio", coldWall / idealPowerCycleSeconds(profiles, options.poweredOn), "x", "-");
                    line("fleet.power_cycle_pxe.cold.requests_per_server", (double) fleet.summary().requests() / bmcs, "requests (simulator)", "-");
                    line("fleet.power_cycle_pxe.cold.cpu_per_request.engine", coldCpu * 1000.0 / Math.max(1, coldRequests), "us", "-");
                    line("fleet.power_cycle_pxe.cold.cpu_per_request.simulator", coldSimulatorCpu * 1000.0
                            / Math.max(1, fleet.summary().requests()), "us", "-");
                }
                Set<Integer> faulty = Set.of();
                if (faults > 0) {
                    faulty = Set.copyOf(fleet.setFaults(faults, 7, "{\"timeoutRate\":1}"));
                }
                fleet.resetCounters();
                long requestsBefore = engine.connector().requests();
                long retriesBefore = engine.connector().retries();
                Map<String, AtomicLong> lastByProfile = new ConcurrentHashMap<>();
                AtomicLong lastHealthy = new AtomicLong();
                Set<Integer> faultyFinal = faulty;
                Map<String, Long> powerErrors = new ConcurrentHashMap<>();
                long engineCpuBefore = cpuMs();
                long simulatorCpuBefore = fleet.cpuMs();
                start = System.nanoTime();
                long startRef = start;
                long confirmed = run(targets, t -> engine.power(t, PowerAction.PowerCycle, BootOverride.oncePxe())
                        .invoke(state -> {
                            int index = Integer.parseInt(t.serverId().substring(7));
                            long at = System.nanoTime() - startRef;
                            if (!faultyFinal.contains(index)) {
                                lastHealthy.accumulateAndGet(at, Math::max);
                            }
                            lastByProfile.computeIfAbsent(fleet.profile(index), p -> new AtomicLong()).accumulateAndGet(at, Math::max);
                        }).replaceWithVoid(), powerErrors);
                long wall = System.nanoTime() - start;
                long requests = engine.connector().requests() - requestsBefore;
                long engineCpu = cpuMs() - engineCpuBefore;
                long simulatorCpu = fleet.cpuMs() - simulatorCpuBefore;
                SimulatorProcesses.Summary seen = fleet.summary();
                double ideal = idealPowerCycleSeconds(profiles, options.poweredOn);
                line("fleet.power_cycle_pxe.wall", seconds(wall), "s", https ? "<=20 at 10000" : "<=10 at 10000");
                line("fleet.power_cycle_pxe.healthy_confirmed_at", seconds(lastHealthy.get()), "s", "<=1.2x fault-free");
                new TreeMap<>(lastByProfile).forEach((profile, at) -> line("fleet.power_cycle_pxe.confirmed_at." + profile,
                        seconds(at.get()), "s", "-"));
                line("fleet.power_cycle_pxe.confirmed", confirmed, "servers", "=" + (bmcs - faulty.size()));
                line("fleet.power_cycle_pxe.ideal", ideal, "s", "simulator latency floor of the slowest profile (hosts "
                        + (options.poweredOn ? "on" : "off") + " before)");
                line("fleet.power_cycle_pxe.ratio", seconds(wall) / ideal, "x", "<=1.5");
                new TreeMap<>(lastByProfile).forEach((profile, at) -> line("fleet.power_cycle_pxe.ratio." + profile,
                        seconds(at.get()) / idealPowerCycleSeconds(profile, options.poweredOn), "x",
                        "- (its last confirmation / its own floor, " + idealPowerCycleSeconds(profile, options.poweredOn) + " s)"));
                line("fleet.power_cycle_pxe.requests_per_s", requests / seconds(wall), "req/s", "-");
                line("fleet.power_cycle_pxe.requests", requests, "requests (engine)", "-");
                line("fleet.power_cycle_pxe.requests_per_server", (double) seen.requests() / bmcs, "requests (simulator)", "-");
                // CPU per request: the figure a noisy shared machine does not blur (wall time waits for the CPU)
                line("fleet.power_cycle_pxe.cpu.engine", engineCpu / 1000.0, "s", "-");
                line("fleet.power_cycle_pxe.cpu.simulator", simulatorCpu / 1000.0, "s", "-");
                line("fleet.power_cycle_pxe.cpu_per_request.engine", engineCpu * 1000.0 / Math.max(1, requests), "us", "-");
                line("fleet.power_cycle_pxe.cpu_per_request.simulator", simulatorCpu * 1000.0 / Math.max(1, seen.requests()), "us", "-");
                line("fleet.power_cycle_pxe.retries", engine.connector().retries() - retriesBefore, "retries", "-");
                line("fleet.power_cycle_pxe.system_reads_saved", engine.systemReadsSaved(), "servers", "- (override sent on the kept read's ETag)");
                line("fleet.power_cycle_pxe.system_reads_stale", engine.systemReadsStale(), "servers", "- (kept read refused: 412, read anew)");
                line("fleet.open_files.peak.engine", FD_PEAK.get(), "files", "about one connection per BMC");
                long engineRss = peakRssMiB(Path.of("/proc/self/status"));
                long simulatorRss = fleet.peakRssMiB();
                line("fleet.rss.peak.engine", engineRss, "MiB", "-");
                line("fleet.rss.peak.simulator", simulatorRss, "MiB", "-");
                line("fleet.rss.peak.total", engineRss + simulatorRss, "MiB", "<=1024");
                line("fleet.max_concurrent_per_bmc", seen.maxConcurrentPerBmc(), "requests", "<=2");
                System.out.println("# simulator: last boot targets " + seen.lastBootTargets() + ", power states " + seen.powerStates());
                line("fleet.booted_pxe", seen.lastBootTargets().getOrDefault("Pxe", 0), "servers", "=" + (bmcs - faulty.size()));
                errors.forEach((kind, n) -> line("fleet.inspect.errors." + kind, n, "servers", "0"));
                if (powerErrors.isEmpty()) {
                    line("fleet.power_cycle_pxe.errors", 0, "servers", "=" + faulty.size() + " (the faulty ones)");
                }
                new TreeMap<>(powerErrors).forEach((kind, n) -> line("fleet.power_cycle_pxe.errors." + kind, n, "servers",
                        "=" + faultyFinal.size() + " (the faulty ones)"));
            }
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        // Mutiny's timer pool (await().atMost) is not daemon: end the run here
        System.exit(0);
    }

    /** Runs the operation on every target at once (the engine's limits do the pacing); returns the successes. */
    private static long run(List<BmcTarget> targets, java.util.function.Function<BmcTarget, Uni<Void>> operation,
            Map<String, Long> errors) {
        AtomicLong ok = new AtomicLong();
        List<Uni<Void>> all = new ArrayList<>(targets.size());
        Set<BmcTarget> pending = ConcurrentHashMap.newKeySet();
        pending.addAll(targets);
        // every second: the engine's open files (connections) and, after 20 s without progress, where the pending stand
        Thread stallReport = new Thread(() -> {
            try {
                long last = -1;
                for (int tick = 1; !pending.isEmpty(); tick++) {
                    Thread.sleep(1000);
                    String[] open = new java.io.File("/proc/self/fd").list();
                    FD_PEAK.accumulateAndGet(open == null ? 0 : open.length, Math::max);
                    if (tick % 20 != 0) {
                        continue;
                    }
                    if (pending.size() == last) {
                        System.out.println("# stalled: " + pending.size() + " pending");
                        pending.stream().limit(4).forEach(t -> System.out.println("#   " + t.endpoint() + ": " + DIAG.describe(t)));
                    }
                    last = pending.size();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stallReport.setDaemon(true);
        stallReport.start();
        for (BmcTarget target : targets) {
            all.add(operation.apply(target).onTermination().invoke(() -> pending.remove(target)).invoke(ok::incrementAndGet).onFailure().recoverWithUni(e -> {
                String kind = e instanceof RedfishException r ? r.kind().name().toLowerCase() : e.getClass().getSimpleName();
                if (errors.merge(kind, 1L, Long::sum) == 1) {
                    System.out.println("# first " + kind + " failure: " + e.getMessage()); // what the kind means here
                }
                return Uni.createFrom().voidItem();
            }));
        }
        Uni.join().all(all).andCollectFailures().await().atMost(Duration.ofMinutes(10));
        return ok.get();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** VmHWM (peak resident set) of a /proc/PID/status file in MiB; -1 off Linux. */
    static long peakRssMiB(Path status) {
        try {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // not Linux, or the process is gone: no figure
        }
        return -1;
    }

    private static long cpuMs() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }

    private static String machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            return cpu + ", load " + load;
        } catch (Exception e) {
            return System.getProperty("os.name") + " " + System.getProperty("os.arch");
        }
    }

    private static void line(String name, double value, String unit, String target) {
        System.out.printf(Locale.ROOT, "%s %.3f %s %s%n", name, value, unit, target);
    }
}
