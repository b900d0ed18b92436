package io.metalfleet.provisioning.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.provisioning.redfish.boot.BootOverride;
import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishSettings;
import io.metalfleet.provisioning.redfish.power.PowerAction;
import io.metalfleet.provisioning.redfish.tls.BmcTrust;
import io.metalfleet.simulator.BmcFleet;
import io.metalfleet.simulator.FleetConfig;
import io.metalfleet.simulator.SimulatedBmc;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * DESIGN.md §5's comparison: the same operation — power-cycle with a one-time PXE boot, every server confirmed — on
 * the same simulated fleet (50 ms per request, 1 s power transition), first by OpenStack Ironic (Debian's
 * python3-ironic, the redfish hardware type through sushy, as shipped: default conductor settings, one all-in-one
 * process with SQLite), then by Metalfleet's engine. Ironic is driven as an operator drives it: its REST API
 * ({@code PUT …/management/boot_device} then {@code PUT …/states/power {"target":"rebooting"}}), done when its API
 * shows every node {@code power on} with no target left. Both runs are checked on the simulator: every host booted
 * again, from PXE. Prints {@code name value unit target} lines. Options: --bmcs N (200), --api-concurrency C (16, the
 * parallel clients of Ironic's API), --python PATH (/usr/bin/python3).
 */
public final class IronicComparisonBench {

    private static final long LATENCY_MS = 50;
    private static final long TRANSITION_MS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int bmcs = 200;
        int apiConcurrency = 16;
        String python = "/usr/bin/python3";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bmcs" -> bmcs = Integer.parseInt(args[++i]);
                case "--api-concurrency" -> apiConcurrency = Integer.parseInt(args[++i]);
                case "--python" -> python = args[++i];
                default -> throw new IllegalArgumentException(
                        "unknown option " + args[i] + " (--bmcs N, --api-concurrency C, --python PATH)");
            }
        }
        String ironicVersion = run(List.of(python, "-c", "import ironic.version as v; print(v.version_info.version_string())"),
                null).trim();
        System.out.printf(Locale.ROOT, "# IronicComparisonBench: %d BMCs, %d cores, java %s, ironic %s (redfish driver, defaults)%n",
                bmcs, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), ironicVersion);

        try (BmcFleet fleet = BmcFleet.start(FleetConfig.builder().bmcs(bmcs).basePort(0).controlPort(-1)
                .latency(Duration.ofMillis(LATENCY_MS)).powerTransition(Duration.ofMillis(TRANSITION_MS))
                .poweredOn(true).eventLoops(1).build())) {
            double ironic = ironicRun(fleet, python, apiConcurrency);
            double metalfleet = metalfleetRun(fleet);
            line("compare.power_cycle_pxe.ironic", ironic, "s", "-");
            line("compare.power_cycle_pxe.metalfleet", metalfleet, "s", "-");
            line("compare.power_cycle_pxe.speedup", ironic / metalfleet, "x", ">=20 at equal fleet size");
        }
        // java.net.http leaves a non-daemon worker parked after Ironic's API went away: do not wait for it
        System.exit(0);
    }

    /** Ironic in its own process: enrolled, made manageable, then the operation; returns the operation's wall time. */
    private static double ironicRun(BmcFleet fleet, String python, int apiConcurrency) throws Exception {
        Path work = Files.createTempDirectory("ironic-bench");
        int port = freePort();
        Files.writeString(work.resolve("ironic.conf"), """
                [DEFAULT]
                auth_strategy = noauth
                rpc_transport = none
                host = bench-conductor
                enabled_hardware_types = redfish
                enabled_power_interfaces = redfish
                enabled_management_interfaces = redfish
                enabled_boot_interfaces = pxe
                enabled_deploy_interfaces = ramdisk
                enabled_inspect_interfaces = no-inspect
                enabled_network_interfaces = noop
                enabled_raid_interfaces = no-raid
                enabled_vendor_interfaces = no-vendor
                enabled_bios_interfaces = no-bios
                enabled_console_interfaces = no-console
                enabled_rescue_interfaces = no-rescue
                log_dir = %1$s
                [api]
                host_ip = 127.0.0.1
                port = %2$d
                [database]
                connection = sqlite:///%1$s/ironic.db
                [dhcp]
                dhcp_provider = none
                [conductor]
                automated_clean = false
                """.formatted(work, port));
        String conf = work.resolve("ironic.conf").toString();
        run(List.of(python, "-c", "import sys; from ironic.cmd import dbsync; sys.argv=['ironic-dbsync','--config-file','"
                + conf + "','create_schema']; dbsync.main()"), work.resolve("dbsync.log"));
        Process ironic = new ProcessBuilder(python, "-c", "import sys; from ironic.cmd import singleprocess; "
                + "sys.argv=['ironic','--config-file','" + conf + "']; singleprocess.main()")
                .redirectErrorStream(true).redirectOutput(work.resolve("ironic.out").toFile()).start();
        ExecutorService clients = Executors.newFixedThreadPool(apiConcurrency);
        // the client's own executor: the fixed pool's threads block in send()
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        IronicApi api = new IronicApi(http, "http://127.0.0.1:" + port);
        try {
            api.awaitUp(Duration.ofSeconds(90));
            List<SimulatedBmc> all = fleet.bmcs();
            long start = System.nanoTime();
            forEach(clients, all, bmc -> api.send("POST", "/v1/nodes", """
                    {"name":"n%d","driver":"redfish","driver_info":{"redfish_address":"%s","redfish_system_id":"%s",
                     "redfish_username":"%s","redfish_password":"%s"}}""".formatted(bmc.index(), bmc.url(),
                    bmc.systemPath(), bmc.username(), bmc.password()), 201));
            forEach(clients, all, bmc -> api.send("PUT", "/v1/nodes/n" + bmc.index() + "/states/provision",
                    "{\"target\":\"manage\"}", 202));
            api.awaitNodes(all.size(), n -> "manageable".equals(n.path("provision_state").asText()), Duration.ofMinutes(30));
            line("ironic.enroll_manage.wall", seconds(System.nanoTime() - start), "s", "-");

            Map<Integer, Integer> bootsBefore = boots(fleet);
            fleet.resetCounters();
            start = System.nanoTime();
            forEach(clients, all, bmc -> {
                api.send("PUT", "/v1/nodes/n" + bmc.index() + "/management/boot_device",
                        "{\"boot_device\":\"pxe\",\"persistent\":false}", 204);
                api.send("PUT", "/v1/nodes/n" + bmc.index() + "/states/power", "{\"target\":\"rebooting\"}", 202);
            });
            double submitted = seconds(System.nanoTime() - start);
            api.awaitNodes(all.size(), n -> "power on".equals(n.path("power_state").asText())
                    && n.path("target_power_state").isNull(), Duration.ofMinutes(30));
            double wall = seconds(System.nanoTime() - start);
            line("ironic.power_cycle_pxe.api_submitted", submitted, "s", "-");
            line("ironic.power_cycle_pxe.wall", wall, "s", "-");
            line("ironic.power_cycle_pxe.bmc_requests", bmcRequests(fleet), "requests", "-");
            line("ironic.power_cycle_pxe.booted_pxe", bootedPxe(fleet, bootsBefore), "servers", "=" + all.size());
            line("ironic.nodes_with_error", api.nodesWithError(), "nodes", "0");
            return wall;
        } finally {
            ironic.destroy();
            if (!ironic.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                ironic.destroyForcibly();
            }
            clients.shutdownNow();
        }
    }

    /** Metalfleet's engine on the same fleet, as FleetBench drives it; returns the operation's wall time. */
    private static double metalfleetRun(BmcFleet fleet) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try (RedfishEngine engine = new RedfishEngine(vertx, RedfishSettings.defaults(), new BmcTrust())) {
            List<BmcTarget> targets = new ArrayList<>();
            for (SimulatedBmc bmc : fleet.bmcs()) {
                targets.add(new BmcTarget("server-" + bmc.index(), bmc.url(), bmc.username(), bmc.password()));
            }
            // Ironic met every BMC when its nodes were made manageable; the engine meets them at enrollment, by
            // inspecting them (discovery and session included): the same warm start for both.
            long start = System.nanoTime();
            AtomicLong failed = new AtomicLong();
            awaitAll(targets.stream().map(t -> engine.inspect(t).replaceWithVoid()).toList(), failed);
            line("metalfleet.enroll_inspect.wall", seconds(System.nanoTime() - start), "s", "-");
            line("metalfleet.enroll_inspect.failed", failed.get(), "servers", "0");

            Map<Integer, Integer> bootsBefore = boots(fleet);
            fleet.resetCounters();
            failed.set(0);
            List<Uni<Void>> all = new ArrayList<>();
            start = System.nanoTime();
            for (BmcTarget target : targets) {
                all.add(engine.power(target, PowerAction.PowerCycle, BootOverride.oncePxe()).replaceWithVoid());
            }
            awaitAll(all, failed);
            double wall = seconds(System.nanoTime() - start);
            line("metalfleet.power_cycle_pxe.wall", wall, "s", "-");
            line("metalfleet.power_cycle_pxe.bmc_requests", bmcRequests(fleet), "requests", "-");
            line("metalfleet.power_cycle_pxe.booted_pxe", bootedPxe(fleet, bootsBefore), "servers", "=" + fleet.size());
            line("metalfleet.power_cycle_pxe.failed", failed.get(), "servers", "0");
            return wall;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** Waits for every operation, counting the failed ones (each has its own deadline in the engine). */
    private static void awaitAll(List<Uni<Void>> operations, AtomicLong failed) {
        List<Uni<Void>> counted = operations.stream().map(op -> op.onFailure().recoverWithUni(e -> {
            failed.incrementAndGet();
            return Uni.createFrom().voidItem();
        })).toList();
        Uni.join().all(counted).andCollectFailures().await().atMost(Duration.ofMinutes(10));
    }

    /** Ironic's REST API, blocking: this is a load generator, not service code. */
    private record IronicApi(HttpClient http, String base) {

        JsonNode send(String method, String path, String body, int expected) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .header("X-OpenStack-Ironic-API-Version", "1.78")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofMinutes(2)).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != expected) {
                    throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + " " + response.body());
                }
                return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void awaitUp(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    send("GET", "/v1", null, 200);
                    return;
                } catch (IllegalStateException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Ironic did not answer within " + timeout, e);
                    }
                    Thread.sleep(250);
                }
            }
        }

        List<JsonNode> nodes() {
            List<JsonNode> nodes = new ArrayList<>();
            String marker = null;
            while (true) {
                JsonNode page = send("GET", "/v1/nodes?limit=1000&fields=uuid,name,provision_state,power_state,"
                        + "target_power_state,last_error" + (marker == null ? "" : "&marker=" + marker), null, 200);
                page.path("nodes").forEach(nodes::add);
                if (!page.hasNonNull("next") || page.path("nodes").isEmpty()) {
                    return nodes;
                }
                marker = nodes.get(nodes.size() - 1).path("uuid").asText();
            }
        }

        void awaitNodes(int expected, java.util.function.Predicate<JsonNode> done, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                List<JsonNode> nodes = nodes();
                if (nodes.size() == expected && nodes.stream().allMatch(done)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Ironic did not finish within " + timeout + ": "
                            + nodes.stream().filter(done.negate()).count() + " nodes pending");
                }
                Thread.sleep(200);
            }
        }

        long nodesWithError() {
            return nodes().stream().filter(n -> n.hasNonNull("last_error") && !n.path("last_error").asText().isEmpty()).count();
        }
    }

    private interface Step {
        void run(SimulatedBmc bmc) throws Exception;
    }

    private static void forEach(ExecutorService pool, List<SimulatedBmc> bmcs, Step step) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (SimulatedBmc bmc : bmcs) {
            futures.add(pool.submit(() -> {
                step.run(bmc);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    private static Map<Integer, Integer> boots(BmcFleet fleet) {
        Map<Integer, Integer> boots = new HashMap<>();
        fleet.bmcs().forEach(b -> boots.put(b.index(), b.hostState().boots()));
        return boots;
    }

    /** Hosts that booted again since {@code before}, from PXE, and are on: what "confirmed" must mean on the BMC. */
    private static long bootedPxe(BmcFleet fleet, Map<Integer, Integer> before) {
        return fleet.bmcs().stream().filter(b -> b.hostState().boots() > before.get(b.index())
                && "Pxe".equals(b.hostState().lastBootTarget()) && "On".equals(b.powerState())).count();
    }

    private static long bmcRequests(BmcFleet fleet) {
        return fleet.bmcs().stream().mapToLong(SimulatedBmc::requests).sum();
    }

    private static String run(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (log != null) {
            builder.redirectOutput(log.toFile());
        }
        Process process = builder.start();
        String out = log == null ? new String(process.getInputStream().readAllBytes()) : "";
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + (log == null ? out : Files.readString(log)));
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void line(String name, double value, String unit, String target) {
        System.out.printf(Locale.ROOT, "%s %.3f %s %s%n", name, value, unit, target);
    }
}
