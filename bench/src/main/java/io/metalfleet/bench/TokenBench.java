package io.metalfleet.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpMethod;

/**
 * client_credentials grants per second against a running identity-service, and their p99 latency.
 * Signs in as the admin (password grant), creates a service account, then keeps {@code --concurrency}
 * grants in flight for {@code --seconds} after a warm-up.
 *
 * <pre>
 * java -cp … io.metalfleet.bench.TokenBench [--url http://127.0.0.1:8083] [--env .metalfleet/stack.env]
 *      [--admin-user admin] [--admin-password …] [--secrets .metalfleet/secrets.env] [--concurrency 32]
 *      [--seconds 10] [--warmup 3] [--password-concurrency 4] [--password-seconds 10]
 * </pre>
 * Then, when the admin password is known (--admin-password, METALFLEET_ADMIN_PASSWORD or the
 * bootstrap password in --secrets), password grants for {@code --password-seconds}: their rate is
 * what Argon2id allows on this machine.
 * The URL defaults to METALFLEET_IDENTITY_URL from the env file, else http://127.0.0.1:8083; the admin
 * token to a password grant (--admin-password / METALFLEET_ADMIN_PASSWORD), else METALFLEET_TOKEN.
 */
public final class TokenBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        String envFile = null;
        String adminUser = "admin";
        String adminPassword = null;
        int concurrency = 32;
        int seconds = 10;
        int warmup = 3;
        String secretsFile = null;
        int passwordConcurrency = 4;
        int passwordSeconds = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--env" -> envFile = args[i + 1];
                case "--admin-user" -> adminUser = args[i + 1];
                case "--admin-password" -> adminPassword = args[i + 1];
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--secrets" -> secretsFile = args[i + 1];
                case "--password-concurrency" -> passwordConcurrency = Integer.parseInt(args[i + 1]);
                case "--password-seconds" -> passwordSeconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        StackEnv env = envFile != null && Path.of(envFile).toFile().isFile() ? StackEnv.read(Path.of(envFile)) : StackEnv.parse("");
        if (url == null) {
            url = env.get("METALFLEET_IDENTITY_URL").orElse("http://127.0.0.1:8083");
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        // An admin token: signed in with the password when given, else the one ./metalfleet up wrote (METALFLEET_TOKEN).
        StackEnv secrets = secretsFile != null && Path.of(secretsFile).toFile().isFile() ? StackEnv.read(Path.of(secretsFile)) : StackEnv.parse("");
        String password = adminPassword != null ? adminPassword : env.get("METALFLEET_ADMIN_PASSWORD")
                .or(() -> secrets.get("METALFLEET_BOOTSTRAP_ADMIN_PASSWORD")).orElse(null);
        String admin = password != null
                ? token(http, url, null, "grant_type=password&username=" + enc(adminUser) + "&password=" + enc(password))
                : env.get("METALFLEET_TOKEN").orElseThrow(() -> new IllegalArgumentException(
                        "--admin-password, METALFLEET_ADMIN_PASSWORD or METALFLEET_TOKEN (stack.env) is required"));
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v3/onezone/service_accounts"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"token-bench\",\"roles\":[\"viewer\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create the bench service account: " + created.statusCode() + " " + created.body());
        }
        JsonNode account = JSON.readTree(created.body());
        String basic = "Basic " + Base64.getEncoder().encodeToString((account.path("clientId").asText() + ":"
                + account.path("clientSecret").asText()).getBytes(StandardCharsets.UTF_8));
        URI tokenUri = URI.create(url + "/oauth2/token");
        Map<String, String> clientHeaders = Map.of("Authorization", basic, "Content-Type", "application/x-www-form-urlencoded");
        Report report = new Report(System.out);
        report.machine("identity-service at " + url + ", " + concurrency + " client_credentials grants in flight for "
                + seconds + " s; " + passwordConcurrency + " password grants in flight for " + passwordSeconds + " s");
        try (LoadClient load = new LoadClient(Math.max(concurrency, passwordConcurrency))) {
            Supplier<CompletableFuture<Boolean>> clientGrant = () -> load.send(HttpMethod.POST, tokenUri, clientHeaders,
                    "grant_type=client_credentials", 200, Duration.ofSeconds(30));
            run(clientGrant, concurrency, Duration.ofSeconds(warmup), null);
            Histogram latency = new Histogram(60_000_000_000L, 3);
            long start = System.nanoTime();
            long ok = run(clientGrant, concurrency, Duration.ofSeconds(seconds), latency);
            double elapsed = (System.nanoTime() - start) / 1e9;
            report.line("identity.client_credentials_grants_per_s", ok / elapsed, "grants/s", ">=1000");
            report.line("identity.token_p50", latency.getValueAtPercentile(50) / 1e6, "ms", Report.NO_TARGET);
            report.line("identity.token_p99", latency.getValueAtPercentile(99) / 1e6, "ms", Report.NO_TARGET);

            if (password != null && passwordSeconds > 0) {
                // Each password grant runs Argon2id (identity-service's metalfleet.passwords.*: by default
                // m=19456 KiB, t=2, p=1, OWASP's minimum) on a bounded pool: this rate is that cost.
                report.comment("password grants: bounded by Argon2id on identity-service's hashing threads");
                Map<String, String> formHeaders = Map.of("Content-Type", "application/x-www-form-urlencoded");
                String form = "grant_type=password&username=" + enc(adminUser) + "&password=" + enc(password);
                Supplier<CompletableFuture<Boolean>> passwordGrant = () -> load.send(HttpMethod.POST, tokenUri, formHeaders,
                        form, 200, Duration.ofSeconds(30));
                Histogram passwordLatency = new Histogram(60_000_000_000L, 3);
                long passwordStart = System.nanoTime();
                long passwordOk = run(passwordGrant, passwordConcurrency, Duration.ofSeconds(passwordSeconds), passwordLatency);
                double passwordElapsed = (System.nanoTime() - passwordStart) / 1e9;
                report.line("identity.password_grants_per_s", passwordOk / passwordElapsed, "grants/s", Report.NO_TARGET);
                report.line("identity.password_grant_p50", passwordLatency.getValueAtPercentile(50) / 1e6, "ms", Report.NO_TARGET);
            }
        } finally {
            http.send(HttpRequest.newBuilder(URI.create(url + "/api/v3/onezone/service_accounts/" + account.path("clientId").asText()))
                    .header("Authorization", "Bearer " + admin).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    /** Keeps {@code concurrency} grants in flight until {@code length} has passed; counts the 200s. */
    private static long run(Supplier<CompletableFuture<Boolean>> grant, int concurrency, Duration length, Histogram latency) {
        long deadline = System.nanoTime() + length.toNanos();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CompletableFuture<?>[] lanes = new CompletableFuture<?>[concurrency];
        for (int i = 0; i < concurrency; i++) {
            lanes[i] = lane(grant, deadline, latency, ok, failed);
        }
        CompletableFuture.allOf(lanes).join();
        if (failed.get() > 0) {
            System.err.println("# " + failed.get() + " grants failed");
        }
        return ok.get();
    }

    private static CompletableFuture<Void> lane(Supplier<CompletableFuture<Boolean>> grant, long deadline, Histogram latency,
            AtomicLong ok, AtomicLong failed) {
        if (System.nanoTime() >= deadline) {
            return CompletableFuture.completedFuture(null);
        }
        long sent = System.nanoTime();
        return grant.get().handle((success, error) -> {
            if (error == null && Boolean.TRUE.equals(success)) {
                ok.incrementAndGet();
                if (latency != null) {
                    synchronized (latency) {
                        latency.recordValue(System.nanoTime() - sent);
                    }
                }
            } else {
                failed.incrementAndGet();
            }
            return null;
        }).thenCompose(ignored -> lane(grant, deadline, latency, ok, failed));
    }

    private static String token(HttpClient http, String url, String auth, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("sign-in failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
