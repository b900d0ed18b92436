package io.metalfleet.provisioning.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.simulator.FleetConfig;
import io.metalfleet.simulator.SimulatorJvm;
import io.metalfleet.simulator.net.LoopbackRange;

/**
 * The BMC simulator as processes of its own (its command line), so that the engine's JVM holds only
 * the engine. By default each BMC has its own loopback address (127.1.0.1, 127.1.0.2, ...) and all share one
 * port (the simulator's address-per-BMC mode): a BMC then costs the simulator one file, its accepted connection,
 * and one process serves up to {@value #ADDRESS_SHARD} BMCs under the 20,000 open files this machine allows a
 * process; shard s (beyond that) on port base + s (or a free port) with the addresses after the previous shard's.
 * With {@code --port-per-bmc} (the former layout) a BMC is a listening socket plus its connection, so shards hold
 * {@value #SHARD} BMCs, shard s on ports base + s*SHARD... (or free ports). Control port control + s. Loopback only.
 */
final class SimulatorProcesses implements AutoCloseable {

    /** BMCs per process with a port per BMC: a listening socket and an accepted connection each, under 20,000 files. */
    static final int SHARD = 5000;
    /** BMCs per process with an address per BMC: an accepted connection each, and room for the JVM's own files. */
    static final int ADDRESS_SHARD = 18_000;

    /** The simulated fleet's command-line options, read the same way by every bench that starts one. */
    static final class FleetOptions {
        static final String USAGE = "--bmcs N, --https, --faults F, --profiles a,b, --base-port P, --control-port C,"
                + " --simulator-heap H, --no-expand, --powered-off, --port-per-bmc (a port per simulated BMC on 127.0.0.1,"
                + " shards of " + SHARD + ", instead of an address per BMC from " + FleetConfig.DEFAULT_FIRST_ADDRESS
                + " on one port)";

        int bmcs = 1000;
        boolean https;
        double faults;
        List<String> profiles = List.of("dmtf", "hpe", "gpu");
        int basePort;
        int controlPort;
        /**
         * Null: the simulator's default for the layout and mode ({@link SimulatorJvm#heapForOnePort} with an address per
         * BMC; {@link SimulatorJvm#HEAP}, {@link SimulatorJvm#TLS_HEAP} over HTTPS, per shard with a port per BMC).
         */
        String heap;
        /** The simulated BMCs without $expand (none advertised), to measure inspection before/after it. */
        boolean noExpand;
        /**
         * Hosts start powered on, as a fleet in service is when it is re-provisioned: a PowerCycle is then a real
         * cycle (off, then on). {@code --powered-off} starts them off, where a PowerCycle is only a power-on.
         */
        boolean poweredOn = true;
        /** The simulator's former layout: a port (and a listening socket) per BMC on 127.0.0.1, shards of {@value #SHARD}. */
        boolean portPerBmc;

        FleetOptions(int basePort, int controlPort) {
            this.basePort = basePort;
            this.controlPort = controlPort;
        }

        /** Reads {@code args[i]} (and its value) when it is a fleet option: the index of the last argument read, else -1. */
        int read(String[] args, int i) {
            switch (args[i]) {
                case "--bmcs" -> bmcs = Integer.parseInt(args[++i]);
                case "--https" -> https = true;
                case "--faults" -> faults = Double.parseDouble(args[++i]);
                case "--profiles" -> profiles = List.of(args[++i].split(","));
                case "--base-port" -> basePort = Integer.parseInt(args[++i]);
                case "--control-port" -> controlPort = Integer.parseInt(args[++i]);
                case "--simulator-heap" -> heap = args[++i];
                case "--no-expand" -> noExpand = true;
                case "--powered-off" -> poweredOn = false;
                case "--port-per-bmc" -> portPerBmc = true;
                default -> {
                    return -1;
                }
            }
            return i;
        }

        /** Simulator command-line options beyond those {@link #start} always passes. */
        List<String> simulatorArgs() {
            List<String> args = new ArrayList<>();
            if (noExpand) {
                args.add("--no-expand");
            }
            if (poweredOn) {
                args.add("--powered-on");
            }
            return args;
        }
    }
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Shard> shards = new ArrayList<>();
    private final HttpClient control = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One simulator process: its BMCs are fleet indices offset..offset+size-1. */
    record Shard(Process process, int offset, int size, int controlPort, List<BmcTarget> targets, List<String> profiles) {
    }

    /**
     * Starts the simulators, one after the other, each waited for until all its BMCs listen: one process for up to
     * {@value #ADDRESS_SHARD} BMCs with an address per BMC, ceil(bmcs / {@value #SHARD}) with {@code portPerBmc}.
     */
    static SimulatorProcesses start(int bmcs, int basePort, int controlPort, boolean https, boolean portPerBmc,
            List<String> profiles, String simulatorHeap, List<String> jvmArgs, List<String> simulatorArgs, Duration startTimeout)
            throws IOException, InterruptedException {
        SimulatorProcesses fleet = new SimulatorProcesses();
        int shardSize = portPerBmc ? SHARD : ADDRESS_SHARD;
        // every BMC's address, checked before anything starts; shard s begins at the address of its first BMC
        LoopbackRange addresses = portPerBmc ? null : LoopbackRange.of(FleetConfig.DEFAULT_FIRST_ADDRESS, bmcs);
        // the machine's cores shared out between the shards
        int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors() / ((bmcs + shardSize - 1) / shardSize));
        try {
            for (int offset = 0, s = 0; offset < bmcs; offset += shardSize, s++) {
                int size = Math.min(shardSize, bmcs - offset);
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                // the simulator's own choice (its README), for this many BMCs in one process
                command.addAll(SimulatorJvm.options(simulatorHeap != null || portPerBmc ? simulatorHeap
                        : SimulatorJvm.heapForOnePort(size, https), https));
                jvmArgs.forEach(a -> command.add(a.replace("{shard}", String.valueOf(fleet.shards.size()))));
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.metalfleet.simulator.SimulatorMain",
                        "--bmcs", String.valueOf(size)));
                if (portPerBmc) {
                    command.addAll(List.of("--base-port", String.valueOf(basePort == 0 ? 0 : basePort + offset)));
                } else {
                    command.addAll(List.of("--address-per-bmc", addresses.address(offset),
                            "--base-port", String.valueOf(basePort == 0 ? 0 : basePort + s)));
                }
                command.addAll(List.of("--control-port", String.valueOf(controlPort + s), "--host", "127.0.0.1",
                        "--latency-ms", String.valueOf(FleetBench.LATENCY_MS),
                        "--power-transition-ms", String.valueOf(FleetBench.TRANSITION_MS),
                        "--profiles", String.join(",", profiles),
                        // distinct identities per shard (serials, UUIDs, MACs are drawn from the seed)
                        "--seed", String.valueOf(42 + s), "--event-loops", String.valueOf(eventLoops)));
                if (https) {
                    command.add("--https");
                }
                command.addAll(simulatorArgs);
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                fleet.shards.add(new Shard(process, offset, size, controlPort + s, new ArrayList<>(), profiles));
                CompletableFuture<Void> ready = drain(process, "sim-" + s);
                try {
                    ready.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IOException("simulator shard " + s + " did not start (see its output above)", e);
                }
                Shard shard = fleet.shards.get(s);
                for (JsonNode bmc : fleet.call(shard, "GET", "/bmcs", null).path("bmcs")) {
                    int index = offset + bmc.path("index").asInt();
                    shard.targets().add(new BmcTarget("server-" + index, bmc.path("url").asText(),
                            bmc.path("username").asText(), bmc.path("password").asText()));
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    /** Echoes the process's output as comments; completes when its ready line (all BMCs listening) shows. */
    private static CompletableFuture<Void> drain(Process process, String name) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    System.out.println("# " + name + ": " + line);
                    if (line.startsWith("bmc-simulator: ") && line.contains("started in")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            ready.completeExceptionally(new IOException(name + " ended"));
        }, name + "-output");
        t.setDaemon(true);
        t.start();
        return ready;
    }

    List<BmcTarget> targets() {
        List<BmcTarget> all = new ArrayList<>();
        shards.forEach(s -> all.addAll(s.targets()));
        return all;
    }

    /** The profile of fleet BMC {@code index} (the simulator gives BMC i profile i mod n within a shard). */
    String profile(int index) {
        for (Shard s : shards) {
            if (index >= s.offset() && index < s.offset() + s.size()) {
                return s.profiles().get((index - s.offset()) % s.profiles().size());
            }
        }
        throw new IllegalArgumentException("no BMC " + index);
    }

    /** The same seeded fraction of every shard gets {@code faults}; returns the fleet indices chosen. */
    List<Integer> setFaults(double fraction, long seed, String faultsJson) throws IOException, InterruptedException {
        List<Integer> chosen = new ArrayList<>();
        for (Shard s : shards) {
            JsonNode answer = call(s, "PUT", "/faults",
                    "{\"fraction\":" + fraction + ",\"seed\":" + seed + ",\"faults\":" + faultsJson + "}");
            answer.path("bmcs").forEach(i -> chosen.add(s.offset() + i.asInt()));
        }
        return chosen;
    }

    void resetCounters() throws IOException, InterruptedException {
        for (Shard s : shards) {
            call(s, "POST", "/counters/reset", "{}");
        }
    }

    /** The TCP ports a fleet of {@code bmcs} BMCs listens on from its base port: one per shard, or one per BMC. */
    static int portsNeeded(int bmcs, boolean portPerBmc) {
        return portPerBmc ? bmcs : (bmcs + ADDRESS_SHARD - 1) / ADDRESS_SHARD;
    }

    /** Fleet-wide sums of the shards' summaries: requests, and the max of the max concurrency per BMC. */
    Summary summary() throws IOException, InterruptedException {
        long requests = 0;
        int maxConcurrent = 0;
        Map<String, Integer> lastBoot = new TreeMap<>();
        Map<String, Integer> power = new TreeMap<>();
        for (Shard s : shards) {
            JsonNode fleet = call(s, "GET", "/fleet", null);
            requests += fleet.path("requests").asLong();
            maxConcurrent = Math.max(maxConcurrent, fleet.path("maxConcurrentRequestsOnOneBmc").asInt());
            fleet.path("lastBootTargets").fields().forEachRemaining(e -> lastBoot.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
            fleet.path("powerStates").fields().forEachRemaining(e -> power.merge(e.getKey(), e.getValue().asInt(), Integer::sum));
        }
        return new Summary(requests, maxConcurrent, lastBoot, power);
    }

    record Summary(long requests, int maxConcurrentPerBmc, Map<String, Integer> lastBootTargets, Map<String, Integer> powerStates) {
    }

    /** CPU time used so far by all simulator processes, ms. */
    long cpuMs() {
        return shards.stream().mapToLong(s -> s.process().info().totalCpuDuration().map(Duration::toMillis).orElse(0L)).sum();
    }

    /** Peak resident set of all simulator processes together (VmHWM), MiB. */
    long peakRssMiB() {
        return shards.stream().mapToLong(s -> FleetBench.peakRssMiB(Path.of("/proc", String.valueOf(s.process().pid()), "status"))).sum();
    }

    private JsonNode call(Shard s, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.controlPort() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = control.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " on simulator control port " + s.controlPort() + ": "
                    + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        for (Shard s : shards) {
            s.process().destroy();
        }
        for (Shard s : shards) {
            try {
                if (!s.process().waitFor(15, TimeUnit.SECONDS)) {
                    s.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                s.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
