package io.metalfleet.provisioning.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.redfish.connector.BmcTarget;

/**
 * The fleet benchmark through the running stack (issue 5's Proof): N simulated BMCs started here as their own
 * processes ({@link SimulatorProcesses}), enrolled through the gateway with inventory's batchCreate (1,000 a request,
 * with their credentials), every {@code server.inspected} awaited on Kafka ({@code provisioning.servers}, read by
 * this process from the offsets it found before enrolling), then one batchPower through the gateway (PowerCycle +
 * bootOverride Pxe/Once over all inspected servers) polled until it ends. Prints {@code name value unit target} lines
 * as {@link FleetBench} does, with CPU seconds per stack component (the figure a shared machine does not blur). At the
 * end the servers it enrolled are deleted through the gateway (the stack is usable again) unless {@code --keep}.
 *
 * <p>Options: --gateway URL, --kafka-bootstrap H:P, --pids DIR (.metalfleet/pids: provisioning-service's PID for
 * its RSS and CPU), --bmcs N (1000), --https, --faults F (fraction of BMCs that stop answering after inspection),
 * --profiles dmtf,hpe,gpu, --base-port P (22000; ports must stay below 32768, the ephemeral range), --control-port C
 * (19950), --port-per-bmc (the simulator's port per BMC instead of an address per BMC), --simulator-heap H, --region R (local-1), --inspect-timeout S (600), --operation-timeout S (600),
 * --keep. The token comes from the environment (METALFLEET_TOKEN), never the command line.
 */
public final class StackBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int BATCH = 1000;
    static final String INSPECTED = "server.inspected";
    static final String INSPECTION_FAILED = "server.inspection-failed";

    record Options(String gateway, String kafka, Path pids, int bmcs, boolean https, boolean portPerBmc, double faults,
            List<String> profiles, int basePort, int controlPort, String simulatorHeap, String region, Duration inspectTimeout,
            Duration operationTimeout, boolean keep, String deleteProject, List<String> simulatorArgs) {

        static Options parse(String[] args) {
            String gateway = "http://127.0.0.1:8080";
            String kafka = "127.0.0.1:9092";
            Path pids = Path.of(".metalfleet/pids");
            SimulatorProcesses.FleetOptions fleet = new SimulatorProcesses.FleetOptions(22000, 19950);
            String region = "local-1";
            Duration inspect = Duration.ofMinutes(10);
            Duration operation = Duration.ofMinutes(10);
            boolean keep = false;
            String deleteProject = null;
            for (int i = 0; i < args.length; i++) {
                int read = fleet.read(args, i);
                if (read >= 0) {
                    i = read;
                    continue;
                }
                switch (args[i]) {
                    case "--gateway" -> gateway = args[++i];
                    case "--kafka-bootstrap" -> kafka = args[++i];
                    case "--pids" -> pids = Path.of(args[++i]);
                    case "--region" -> region = args[++i];
                    case "--inspect-timeout" -> inspect = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--operation-timeout" -> operation = Duration.ofSeconds(Long.parseLong(args[++i]));
                    case "--keep" -> keep = true;
                    case "--delete-project" -> deleteProject = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " ("
                            + SimulatorProcesses.FleetOptions.USAGE + ", --region R,"
                            + " --inspect-timeout S, --operation-timeout S, --keep, --delete-project P, --gateway URL,"
                            + " --kafka-bootstrap H:P, --pids DIR)");
                }
            }
            int bmcs = fleet.bmcs;
            int basePort = fleet.basePort;
            double faults = fleet.faults;
            int ports = SimulatorProcesses.portsNeeded(bmcs, fleet.portPerBmc);
            if (bmcs < 1 || basePort < 1024 || basePort + ports - 1 >= 32768) {
                throw new IllegalArgumentException("BMC ports " + basePort + ".." + (basePort + ports - 1)
                        + " must lie in 1024..32767 (the ephemeral range above is the clients' sockets)");
            }
            if (faults < 0 || faults >= 1) {
                throw new IllegalArgumentException("--faults is a fraction in [0, 1)");
            }
            return new Options(gateway.replaceAll("/+$", ""), kafka, pids, bmcs, fleet.https, fleet.portPerBmc, faults,
                    fleet.profiles, basePort, fleet.controlPort, fleet.heap, region, inspect, operation, keep, deleteProject, fleet.simulatorArgs());
        }
    }

    private final Options options;
    private final String token;
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final String project;
    private final HttpClient http;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final StackProcesses stack;

    StackBench(Options options, String token) {
        this.options = options;
        this.token = token;
        this.project = options.deleteProject() != null ? options.deleteProject() : "fleetbench-" + run;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(executor).build();
        this.stack = new StackProcesses(options.pids());
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String token = System.getenv("METALFLEET_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("ERROR: METALFLEET_TOKEN is not set (./metalfleet bench fleet reads it from .metalfleet/stack.env)");
            System.exit(2);
        }
        int status;
        try {
            StackBench bench = new StackBench(options, token);
            status = options.deleteProject() != null ? bench.deleteProject() : bench.run();
        } catch (BenchFailure e) {
            System.err.println("ERROR: " + e.getMessage());
            status = 1;
        }
        // Mutiny's and the HTTP client's pools are not all daemon threads: end the run here
        System.exit(status);
    }

    int run() throws Exception {
        System.out.printf(Locale.ROOT, "# StackBench (full stack): %d BMCs (%s), %s, faults %.2f, gateway %s, project %s, %d cores, java %s, %s%n",
                options.bmcs(), String.join(",", options.profiles()), options.https() ? "https" : "http", options.faults(),
                options.gateway(), project, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                machine());
        long provisioningPid = stack.pid("provisioning-service")
                .orElseThrow(() -> new BenchFailure("provisioning-service is not running (no live PID in " + options.pids()
                        + "): run ./metalfleet up first"));
        try (SimulatorProcesses fleet = startSimulators();
                InspectionEvents events = InspectionEvents.fromNow(options.kafka())) {
            Map<Integer, String> serverIds = new TreeMap<>();
            try {
                return measure(fleet, events, serverIds, provisioningPid);
            } finally {
                if (options.keep()) {
                    System.out.println("# --keep: the " + serverIds.size() + " servers of project " + project
                            + " stay enrolled (their BMCs are gone with this process: delete them, or ./metalfleet down and wipe .metalfleet)");
                } else {
                    cleanUp(serverIds.values());
                }
            }
        } finally {
            executor.shutdownNow();
        }
    }

    /** The simulators; a second try when a shard ends before it listens (seen once in a while on this machine, no output). */
    private SimulatorProcesses startSimulators() throws IOException, InterruptedException {
        try {
            return SimulatorProcesses.start(options.bmcs(), options.basePort(), options.controlPort(), options.https(),
                    options.portPerBmc(), options.profiles(), options.simulatorHeap(), List.of(), options.simulatorArgs(),
                    Duration.ofMinutes(3));
        } catch (IOException e) {
            System.out.println("# the simulator did not start (" + e.getMessage() + "): trying once more");
            return SimulatorProcesses.start(options.bmcs(), options.basePort(), options.controlPort(), options.https(),
                    options.portPerBmc(), options.profiles(), options.simulatorHeap(), List.of(), options.simulatorArgs(),
                    Duration.ofMinutes(3));
        }
    }

    private int measure(SimulatorProcesses fleet, InspectionEvents events, Map<Integer, String> serverIds, long provisioningPid)
            throws Exception {
        List<BmcTarget> bmcs = fleet.targets();
        CpuSnapshot cpuStart = stack.cpu(fleet);
        fleet.resetCounters();

        // --- enrollment → every server.inspected ---------------------------------------------------------
        long enrollStart = System.nanoTime();
        for (int offset = 0; offset < bmcs.size(); offset += BATCH) {
            enroll(bmcs.subList(offset, Math.min(bmcs.size(), offset + BATCH)), offset, serverIds);
        }
        long enrolledAt = System.nanoTime();
        line("stack.enroll.wall", seconds(enrolledAt - enrollStart), "s", "-");
        line("stack.enroll.servers", serverIds.size(), "servers", "=" + options.bmcs());
        Map<String, InspectionEvents.Outcome> outcomes = events.await(new HashSet<>(serverIds.values()), options.inspectTimeout(),
                (seen, total) -> System.out.printf(Locale.ROOT, "# inspected %d of %d after %.1f s%n", seen, total,
                        seconds(System.nanoTime() - enrollStart)));
        long inspectWall = outcomes.values().stream().mapToLong(InspectionEvents.Outcome::receivedNanos).max().orElse(System.nanoTime())
                - enrollStart;
        CpuSnapshot cpuInspected = stack.cpu(fleet);
        SimulatorProcesses.Summary inspectSeen = fleet.summary();
        List<String> inspected = new ArrayList<>();
        Map<String, Long> inspectErrors = new TreeMap<>();
        outcomes.forEach((id, outcome) -> {
            if (outcome.type().equals(INSPECTED)) {
                inspected.add(id);
            } else {
                inspectErrors.merge(kind(outcome.reason()), 1L, Long::sum);
            }
        });
        line("stack.inspect.wall", seconds(inspectWall), "s", "<=30 at 10000 (enrollment → every server.inspected)");
        line("stack.inspect.ok", inspected.size(), "servers", "=" + options.bmcs());
        line("stack.inspect.missing", serverIds.size() - outcomes.size(), "servers", "0 (no event before the deadline)");
        line("stack.inspect.requests_per_s", inspectSeen.requests() / seconds(inspectWall), "req/s", "-");
        line("stack.inspect.requests_per_server", (double) inspectSeen.requests() / options.bmcs(), "requests (simulator)", "-");
        cpuInspected.minus(cpuStart).print("stack.inspect.cpu.");
        inspectErrors.forEach((kind, n) -> line("stack.inspect.errors." + kind, n, "servers", "0"));
        if (inspected.isEmpty()) {
            throw new BenchFailure("no server was inspected: nothing to power-cycle");
        }

        // --- faults, then power-cycle + one-time PXE over every inspected server ------------------------------
        Set<String> faulty = new HashSet<>();
        if (options.faults() > 0) {
            for (int index : fleet.setFaults(options.faults(), 7, "{\"timeoutRate\":1}")) {
                String id = serverIds.get(index);
                if (id != null && inspected.contains(id)) {
                    faulty.add(id);
                }
            }
        }
        int healthy = inspected.size() - faulty.size();
        fleet.resetCounters();
        CpuSnapshot cpuBefore = stack.cpu(fleet);
        long opStart = System.nanoTime();
        JsonNode created = batchPower(inspected);
        String operationId = created.path("id").asText();
        OperationWatch watch = awaitOperation(operationId, healthy, opStart);
        long opWall = watch.endedNanos() - opStart;
        CpuSnapshot cpuAfter = stack.cpu(fleet);
        SimulatorProcesses.Summary seen = fleet.summary();
        JsonNode operation = getOperation(operationId);
        double serverSide = Duration.between(Instant.parse(operation.path("createdAt").asText()),
                Instant.parse(operation.path("finishedAt").asText())).toNanos() / 1e9;
        Map<String, Long> powerErrors = new TreeMap<>();
        long faultyReported = 0;
        long succeeded = 0;
        for (JsonNode result : operation.path("results")) {
            if ("succeeded".equals(result.path("state").asText())) {
                succeeded++;
                continue;
            }
            powerErrors.merge(kind(result.path("error").asText(result.path("state").asText())), 1L, Long::sum);
            if (faulty.contains(result.path("serverId").asText()) && !result.path("error").asText("").isBlank()) {
                faultyReported++;
            }
        }
        double ideal = FleetBench.idealPowerCycleSeconds(options.profiles(), options.simulatorArgs().contains("--powered-on"));
        line("stack.power_cycle_pxe.wall", seconds(opWall), "s", (options.https() ? "<=20" : "<=10")
                + " at 10000 (batchPower sent → operation ended, seen by polling)");
        line("stack.power_cycle_pxe.server_side", serverSide, "s", "- (operation createdAt → finishedAt)");
        line("stack.power_cycle_pxe.healthy_confirmed_at", seconds(watch.healthyNanos() - opStart), "s",
                faulty.isEmpty() ? "-" : "<=1.2x fault-free");
        line("stack.power_cycle_pxe.confirmed", succeeded, "servers", "=" + healthy);
        line("stack.power_cycle_pxe.ideal", ideal, "s", "simulator latency floor of the slowest profile (FleetBench)");
        line("stack.power_cycle_pxe.ratio", seconds(opWall) / ideal, "x", "<=1.5");
        line("stack.power_cycle_pxe.requests_per_s", seen.requests() / seconds(opWall), "req/s", "- (simulator)");
        line("stack.power_cycle_pxe.requests_per_server", (double) seen.requests() / inspected.size(), "requests (simulator)", "-");
        CpuSnapshot opCpu = cpuAfter.minus(cpuBefore);
        opCpu.print("stack.power_cycle_pxe.cpu.");
        line("stack.power_cycle_pxe.cpu_per_request.provisioning", opCpu.ms().getOrDefault("provisioning-service", 0L) * 1000.0
                / Math.max(1, seen.requests()), "us", "- (CPU of the whole service per BMC request)");
        long engineRss = FleetBench.peakRssMiB(Path.of("/proc", String.valueOf(provisioningPid), "status"));
        long simulatorRss = fleet.peakRssMiB();
        line("stack.rss.peak.provisioning", engineRss, "MiB", "- (the service's JVM since it started)");
        line("stack.rss.peak.simulator", simulatorRss, "MiB", "-");
        line("stack.rss.peak.total", engineRss + simulatorRss, "MiB", "<=1024");
        line("stack.max_concurrent_per_bmc", Math.max(seen.maxConcurrentPerBmc(), inspectSeen.maxConcurrentPerBmc()), "requests", "<=2");
        System.out.println("# simulator: last boot targets " + seen.lastBootTargets() + ", power states " + seen.powerStates());
        line("stack.booted_pxe", seen.lastBootTargets().getOrDefault("Pxe", 0), "servers", "=" + healthy);
        if (powerErrors.isEmpty()) {
            line("stack.power_cycle_pxe.errors", 0, "servers", "=" + faulty.size() + " (the faulty ones)");
        }
        powerErrors.forEach((kind, n) -> line("stack.power_cycle_pxe.errors." + kind, n, "servers", "=" + faulty.size() + " (the faulty ones)"));
        if (!faulty.isEmpty()) {
            line("stack.power_cycle_pxe.faulty_reported", faultyReported, "servers", "=" + faulty.size() + " (each with its reason)");
        }
        return 0;
    }

    // --- the API, through the gateway ------------------------------------------------------------------------

    private String infrastructure() {
        return options.gateway() + "/v1/regions/" + options.region() + "/projects/" + project + "/infrastructure";
    }

    /** One batchCreate; the answer's displayName ("fleetbench-INDEX") maps each server back to its BMC. */
    private void enroll(List<BmcTarget> batch, int offset, Map<Integer, String> serverIds) throws Exception {
        List<Map<String, Object>> items = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            BmcTarget bmc = batch.get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("bmcAddress", bmc.endpoint());
            item.put("displayName", "fleetbench-" + (offset + i));
            item.put("description", "simulated BMC of fleet bench run " + run);
            item.put("persona", "compute");
            item.put("tags", Map.of("fleetbench", run));
            item.put("bmcCredentials", Map.of("username", bmc.username(), "password", bmc.password()));
            items.add(item);
        }
        JsonNode answer = send("POST", infrastructure() + "/servers:batchCreate", Map.of("servers", items), 200);
        for (JsonNode server : answer.path("succeeded")) {
            serverIds.put(Integer.parseInt(server.path("displayName").asText().substring("fleetbench-".length())),
                    server.path("id").asText());
        }
        if (answer.path("failed").size() > 0) {
            JsonNode first = answer.path("failed").get(0);
            throw new BenchFailure(answer.path("failed").size() + " of " + batch.size() + " enrollments failed, e.g. "
                    + first.toString() + (first.toString().contains("409")
                            ? " (BMCs still enrolled by an earlier run kept with --keep or interrupted: delete them or choose --base-port)"
                            : ""));
        }
    }

    private JsonNode batchPower(List<String> serverIds) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("serverIds", serverIds);
        body.put("action", "PowerCycle");
        body.put("bootOverride", Map.of("target", "Pxe", "enabled", "Once"));
        return send("POST", infrastructure() + "/servers:batchPower", body, 202);
    }

    record OperationWatch(long endedNanos, long healthyNanos) {
    }

    /**
     * Polls the project's operation list (this run's project holds only this operation, and the list carries counts
     * without the 10,000 per-server results) until the operation ends; notes when the healthy count was confirmed.
     */
    private OperationWatch awaitOperation(String operationId, int healthy, long started) throws Exception {
        long deadline = System.nanoTime() + options.operationTimeout().toNanos();
        long healthyAt = 0;
        long lastReport = System.nanoTime();
        while (System.nanoTime() < deadline) {
            JsonNode op = null;
            for (JsonNode candidate : send("GET", infrastructure() + "/operations", null, 200).path("operations")) {
                if (operationId.equals(candidate.path("id").asText())) {
                    op = candidate;
                }
            }
            if (op == null) {
                throw new BenchFailure("operation " + operationId + " is not in the project's list");
            }
            long now = System.nanoTime();
            if (healthyAt == 0 && op.path("counts").path("succeeded").asLong() >= healthy) {
                healthyAt = now;
            }
            if (!"running".equals(op.path("state").asText())) {
                return new OperationWatch(now, healthyAt == 0 ? now : healthyAt);
            }
            if (now - lastReport > 5_000_000_000L) {
                System.out.printf(Locale.ROOT, "# operation %s after %.1f s: %s%n", operationId, seconds(now - started), op.path("counts"));
                lastReport = now;
            }
            Thread.sleep(100);
        }
        throw new BenchFailure("operation " + operationId + " did not end within " + options.operationTimeout());
    }

    private JsonNode getOperation(String operationId) throws Exception {
        return send("GET", infrastructure() + "/operations/" + operationId, null, 200);
    }

    /** --delete-project: deletes every server of a bench project an earlier run could not clean up. */
    int deleteProject() throws Exception {
        List<String> ids = new ArrayList<>();
        String pageToken = "";
        do {
            JsonNode page = send("GET", infrastructure() + "/servers?pageSize=1000"
                    + (pageToken.isEmpty() ? "" : "&pageToken=" + pageToken), null, 200);
            page.path("servers").forEach(server -> ids.add(server.path("id").asText()));
            pageToken = page.path("nextPageToken").asText("");
        } while (!pageToken.isEmpty());
        return cleanUp(ids) == 0 ? 0 : 1;
    }

    /** Deletes the run's servers (4 at a time), so that the stack's BMC list is as before the run; answers the failures. */
    private long cleanUp(java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        long started = System.nanoTime();
        List<String> all = new ArrayList<>(ids);
        ExecutorService deleters = Executors.newFixedThreadPool(4);
        long failed = 0;
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (String id : all) {
                done.add(deleters.submit(() -> {
                    try {
                        HttpRequest delete = HttpRequest.newBuilder(URI.create(infrastructure() + "/servers/" + id))
                                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).DELETE().build();
                        int status = http.send(delete, HttpResponse.BodyHandlers.discarding()).statusCode();
                        return status == 204 || status == 202 || status == 404;
                    } catch (IOException e) {
                        return false;
                    }
                }));
            }
            for (Future<Boolean> f : done) {
                failed += f.get() ? 0 : 1;
            }
        } catch (Exception e) {
            failed = all.size();
            System.out.println("# cleanup interrupted: " + e);
        } finally {
            deleters.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "# cleanup: %d of %d servers of project %s deleted in %.1f s%n", all.size() - failed, all.size(),
                project, seconds(System.nanoTime() - started));
        if (failed > 0) {
            System.out.println("# cleanup: " + failed + " deletions failed; their BMC addresses stay enrolled. Retry with"
                    + " ./metalfleet bench fleet --delete-project " + project + " (after ./metalfleet down && ./metalfleet up"
                    + " if inventory-service no longer answers deletions)");
        }
        return failed;
    }

    private JsonNode send(String method, String url, Object body, int expected) throws Exception {
        HttpResponse<String> response = http.send(request(method, url, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            String text = response.body();
            throw new BenchFailure(method + " " + url + " answered " + response.statusCode() + " (expected " + expected + "): "
                    + (text.length() > 600 ? text.substring(0, 600) + "…" : text));
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private HttpRequest request(String method, String url, Object body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        return request.build();
    }

    /** The failure kind a reason starts with ("timeout: GET …" → timeout), as the engine writes them. */
    static String kind(String reason) {
        int colon = reason.indexOf(':');
        String kind = (colon > 0 ? reason.substring(0, colon) : reason).trim();
        return kind.matches("[a-z][a-z-]{0,30}") ? kind : "other";
    }

    private static String machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            return cpu + ", load " + Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return System.getProperty("os.name") + " " + System.getProperty("os.arch");
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static void line(String name, double value, String unit, String target) {
        System.out.printf(Locale.ROOT, "%s %.3f %s %s%n", name, value, unit, target);
    }

    static final class BenchFailure extends RuntimeException {
        BenchFailure(String message) {
            super(message);
        }
    }

    // --- server.inspected / server.inspection-failed on provisioning.servers ----------------------------------

    /**
     * Reads {@code provisioning.servers} from the end offsets found when it was created (so only this run's events
     * count), keeping the first inspection outcome of every server. A background thread polls; no consumer group.
     */
    static final class InspectionEvents implements AutoCloseable {

        record Outcome(String type, String reason, long receivedNanos) {
        }

        private final KafkaConsumer<String, String> consumer;
        private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread poller;
        private volatile Exception failure;

        private InspectionEvents(KafkaConsumer<String, String> consumer) {
            this.consumer = consumer;
            this.poller = new Thread(this::poll, "inspection-events");
            this.poller.setDaemon(true);
        }

        static InspectionEvents fromNow(String bootstrap) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
            try {
                List<TopicPartition> partitions = consumer.partitionsFor("provisioning.servers", Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position); // fixes the start now, before anything is enrolled
            } catch (RuntimeException e) {
                consumer.close();
                throw new BenchFailure("cannot read provisioning.servers from Kafka at " + bootstrap + ": " + e.getMessage());
            }
            InspectionEvents events = new InspectionEvents(consumer);
            events.poller.start();
            return events;
        }

        private void poll() {
            try {
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        String type = header(record, "ce_type");
                        if (record.key() != null && (INSPECTED.equals(type) || INSPECTION_FAILED.equals(type))) {
                            String reason = INSPECTION_FAILED.equals(type) ? reason(record.value()) : null;
                            outcomes.putIfAbsent(record.key(), new Outcome(type, reason, System.nanoTime()));
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                // closing
            } catch (Exception e) {
                failure = e;
            }
        }

        private static String reason(String value) {
            try {
                return JSON.readTree(value).path("reason").asText("");
            } catch (IOException e) {
                return "unreadable event";
            }
        }

        private static String header(ConsumerRecord<String, String> record, String name) {
            Header header = record.headers().lastHeader(name);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }

        interface Progress {
            void seen(int seen, int total);
        }

        /** Outcomes of {@code ids} once all came, or the deadline passed (then those seen so far). */
        Map<String, Outcome> await(Set<String> ids, Duration timeout, Progress progress) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            long lastReport = System.nanoTime();
            while (true) {
                if (failure != null) {
                    throw new BenchFailure("reading provisioning.servers failed: " + failure);
                }
                Map<String, Outcome> ours = new LinkedHashMap<>();
                for (String id : ids) {
                    Outcome o = outcomes.get(id);
                    if (o != null) {
                        ours.put(id, o);
                    }
                }
                long now = System.nanoTime();
                if (ours.size() == ids.size() || now > deadline) {
                    return ours;
                }
                if (now - lastReport > 5_000_000_000L) {
                    progress.seen(ours.size(), ids.size());
                    lastReport = now;
                }
                Thread.sleep(50);
            }
        }

        @Override
        public void close() {
            stop.set(true);
            consumer.wakeup();
            try {
                poller.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close();
        }
    }

    // --- the stack's processes: PIDs from .metalfleet/pids, CPU time per component --------------------------------

    /** CPU milliseconds per component at one moment. */
    record CpuSnapshot(Map<String, Long> ms) {

        CpuSnapshot minus(CpuSnapshot earlier) {
            Map<String, Long> diff = new LinkedHashMap<>();
            ms.forEach((name, v) -> diff.put(name, v - earlier.ms().getOrDefault(name, 0L)));
            return new CpuSnapshot(diff);
        }

        void print(String prefix) {
            long total = 0;
            for (Map.Entry<String, Long> e : ms.entrySet()) {
                line(prefix + e.getKey(), e.getValue() / 1000.0, "s", "-");
                total += e.getValue();
            }
            line(prefix + "total", total / 1000.0, "s", "- (every component, this bench included)");
        }
    }

    static final class StackProcesses {

        /** Component and the PID files that may hold it (the embedded PostgreSQL's server is its own detached process). */
        static final Map<String, List<String>> COMPONENTS = componentPidFiles();

        private static Map<String, List<String>> componentPidFiles() {
            Map<String, List<String>> files = new LinkedHashMap<>();
            files.put("provisioning-service", List.of("provisioning-service"));
            files.put("inventory-service", List.of("inventory-service"));
            files.put("kafka", List.of("kafka"));
            files.put("postgres", List.of("postgres-server", "postgres"));
            files.put("gateway", List.of("gateway"));
            return files;
        }

        private final Path pids;

        StackProcesses(Path pids) {
            this.pids = pids;
        }

        java.util.Optional<Long> pid(String component) {
            try {
                long pid = Long.parseLong(Files.readString(pids.resolve(component + ".pid")).trim());
                return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
            } catch (IOException | NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }

        /** A component's CPU with its child processes (PostgreSQL's backends, nginx's workers). */
        private static long cpuMs(ProcessHandle process) {
            long ms = process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
            return ms + process.descendants().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toMillis).orElse(0L)).sum();
        }

        CpuSnapshot cpu(SimulatorProcesses fleet) {
            Map<String, Long> ms = new LinkedHashMap<>();
            COMPONENTS.forEach((component, files) -> files.stream().map(this::pid).flatMap(java.util.Optional::stream).findFirst()
                    .flatMap(ProcessHandle::of).ifPresent(p -> ms.put(component, cpuMs(p))));
            ms.put("simulator", fleet.cpuMs());
            ms.put("bench", cpuMs(ProcessHandle.current()) - fleet.cpuMs());
            return new CpuSnapshot(ms);
        }
    }
}
