package io.metalfleet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * inventory-service through the gateway (DESIGN.md §5): batchCreate of 1,000 servers (p50 target
 * 300 ms), and GET one server at a fixed 500 requests/s (p99 target 20 ms). Every batch goes to a
 * fresh project, so each request does the same work whatever ran before.
 *
 * <p>Options: {@code --env FILE} (.metalfleet/stack.env), {@code --batches N} (20), {@code --batch-size N}
 * (1000), {@code --warmup-batches N} (3), {@code --rate N} (500), {@code --seconds N} (20),
 * {@code --warmup-seconds N} (5), {@code --connections N} (64, the GET load's keep-alive pool),
 * {@code --region NAME} (local-1).
 */
public final class InventoryBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final HttpClient http;
    private final String gateway;
    private final String authorization;
    private final String region;
    private final String run;

    InventoryBench(HttpClient http, String gateway, String token, String region) {
        this.http = http;
        this.gateway = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
        this.authorization = "Bearer " + token;
        this.region = region;
        this.run = randomId(6);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        StackEnv env = StackEnv.read(options.env);
        String gateway = env.get("METALFLEET_GATEWAY").orElseThrow(() -> new IllegalStateException(
                "METALFLEET_GATEWAY is not set in " + options.env + ": the stack runs without its gateway"));
        ExecutorService executor = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
        Report report = new Report(System.out);
        report.machine("gateway " + gateway);
        try {
            new InventoryBench(http, gateway, env.require("METALFLEET_TOKEN"), options.region).run(options, report);
        } catch (BenchFailure e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1);
        } finally {
            executor.shutdownNow();
        }
    }

    void run(Options options, Report report) throws Exception {
        report.comment("batchCreate of " + options.batchSize + " servers: " + (options.batches > 0 ? options.warmupBatches : 0) + " warm-up + "
                + options.batches + " measured requests, one at a time, each into a fresh project (run " + run + ")");
        Histogram batch = new Histogram(3_600_000_000L, 3);
        String serverPath = null;
        int warmups = options.batches > 0 ? options.warmupBatches : 0;
        for (int i = 0; i < warmups + options.batches; i++) {
            String project = "bench-" + run + "-" + i;
            long started = System.nanoTime();
            JsonNode created = batchCreate(project, i, options.batchSize);
            long micros = (System.nanoTime() - started) / 1_000;
            if (i >= warmups) {
                batch.recordValue(micros);
            }
            if (serverPath == null) {
                serverPath = serversPath(project) + "/" + created.get("succeeded").get(0).get("id").asText();
            }
        }
        if (options.batches > 0) {
            report.line("inventory.batch_create_" + options.batchSize + ".p50", millis(batch, 50), "ms", "<=300");
            report.line("inventory.batch_create_" + options.batchSize + ".p99", millis(batch, 99), "ms",
                    Report.NO_TARGET);
            report.line("inventory.batch_create_" + options.batchSize + ".requests", batch.getTotalCount(),
                    "requests", ">=20");
        } else {
            // --batches 0: only the read measure; it still needs one server to read.
            String project = "bench-" + run + "-get";
            serverPath = serversPath(project) + "/"
                    + batchCreate(project, 249, 1).get("succeeded").get(0).get("id").asText();
        }

        HttpRequest get = HttpRequest.newBuilder(URI.create(gateway + serverPath)).timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization).header("Accept", "application/json").GET().build();
        HttpResponse<String> first = http.send(get, HttpResponse.BodyHandlers.ofString());
        if (first.statusCode() != 200) {
            throw new BenchFailure("GET " + serverPath + " answered " + first.statusCode() + ": " + first.body());
        }
        settle(get, report);
        report.comment("GET one server at " + options.rate + " req/s open loop: " + options.warmupSeconds
                + " s warm-up, then " + options.seconds + " s measured from each request's intended send time ("
                + options.connections + " keep-alive connections at most)");
        URI target = URI.create(gateway + serverPath);
        Map<String, String> headers = Map.of("Authorization", authorization, "Accept", "application/json");
        OpenLoop.Result result;
        try (LoadClient load = new LoadClient(options.connections)) {
            Supplier<CompletableFuture<Boolean>> read = () -> load.get(target, headers, 200, Duration.ofSeconds(10));
            OpenLoop.run(options.rate, Duration.ofSeconds(options.warmupSeconds), read);
            result = OpenLoop.run(options.rate, Duration.ofSeconds(options.seconds), read);
        }
        Histogram latency = result.latencyMicros();
        report.line("inventory.get_server.p50", millis(latency, 50), "ms", Report.NO_TARGET);
        report.line("inventory.get_server.p99", millis(latency, 99), "ms", "<=20");
        report.line("inventory.get_server.max", latency.getMaxValue() / 1000.0, "ms", Report.NO_TARGET);
        report.line("inventory.get_server.rate", result.achievedPerSecond(), "req/s", "=" + options.rate);
        report.line("inventory.get_server.errors", result.failed(), "requests", "=0");
        if (result.failed() > 0) {
            throw new BenchFailure(result.failed() + " of " + result.sent() + " GETs failed or got no answer");
        }
    }

    /**
     * Each batch leaves 1,000 events in the service's outbox to relay to Kafka. The read measure is
     * about a steady service, so it starts once single reads are fast again (or after two minutes,
     * saying so): five reads in a row under 20 ms, one every 200 ms.
     */
    private void settle(HttpRequest get, Report report) throws IOException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + Duration.ofMinutes(2).toNanos();
        int fastInARow = 0;
        while (fastInARow < 5 && System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            int status = http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
            fastInARow = status == 200 && System.nanoTime() - t0 < Duration.ofMillis(20).toNanos() ? fastInARow + 1 : 0;
            Thread.sleep(200);
        }
        double waited = (System.nanoTime() - started) / 1e9;
        report.comment(fastInARow >= 5
                ? String.format(java.util.Locale.ROOT, "the service settled %.1f s after the batches", waited)
                : "the service did not settle within 2 minutes (single reads still over 20 ms); measuring anyway");
    }

    private JsonNode batchCreate(String project, int batchIndex, int size) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + serversPath(project) + ":batchCreate"))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batchBody(batchIndex, size)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new BenchFailure("batchCreate into " + project + " answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        JsonNode body = JSON.readTree(response.body());
        int succeeded = body.path("succeeded").size();
        if (succeeded != size || body.path("failed").size() != 0) {
            throw new BenchFailure("batchCreate into " + project + " stored " + succeeded + " of " + size
                    + " servers; failed: " + abbreviate(body.path("failed").toString()));
        }
        return body;
    }

    private String serversPath(String project) {
        return "/v1/regions/" + region + "/projects/" + project + "/infrastructure/servers";
    }

    /**
     * 1,000 servers with BMC addresses unique across the run. They are loopback addresses on the closed
     * discard port: provisioning-service inspects what is enrolled, and these must never lead it off
     * this machine (it is refused at once, on loopback).
     */
    String batchBody(int batchIndex, int size) {
        StringBuilder body = new StringBuilder(size * 160).append("{\"servers\":[");
        for (int j = 0; j < size; j++) {
            if (j > 0) {
                body.append(',');
            }
            body.append("{\"bmcAddress\":\"127.").append(batchIndex % 250 + 1).append('.').append(j / 250).append('.')
                    .append(j % 250 + 1).append(":9\",\"tags\":{\"rack\":\"r").append(j / 40)
                    .append("\",\"bench\":\"").append(run).append("\"},\"displayName\":\"bench-").append(batchIndex)
                    .append('-').append(j).append("\",\"description\":\"inventory benchmark server\",")
                    .append("\"persona\":\"compute\"}");
        }
        return body.append("]}").toString();
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

    private static String randomId(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    static final class BenchFailure extends RuntimeException {
        BenchFailure(String message) {
            super(message);
        }
    }

    static final class Options {
        Path env = Path.of(".metalfleet/stack.env");
        int batches = 20;
        int batchSize = 1000;
        int warmupBatches = 3;
        int rate = 500;
        int seconds = 20;
        int warmupSeconds = 5;
        int connections = 64;
        String region = "local-1";

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--env" -> o.env = Path.of(value);
                    case "--batches" -> o.batches = Integer.parseInt(value); // 0: only the GET measure
                    case "--batch-size" -> o.batchSize = positive(name, value);
                    case "--warmup-batches" -> o.warmupBatches = Integer.parseInt(value);
                    case "--rate" -> o.rate = positive(name, value);
                    case "--seconds" -> o.seconds = positive(name, value);
                    case "--warmup-seconds" -> o.warmupSeconds = Integer.parseInt(value);
                    case "--region" -> o.region = value;
                    case "--connections" -> o.connections = positive(name, value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            return o;
        }

        private static int positive(String name, String value) {
            int n = Integer.parseInt(value);
            if (n <= 0) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return n;
        }
    }
}
