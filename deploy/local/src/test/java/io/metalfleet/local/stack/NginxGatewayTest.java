package io.metalfleet.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.sun.net.httpserver.HttpServer;

import io.metalfleet.local.infra.FreePorts;

/**
 * The generated config in a real nginx (Debian's, which ./metalfleet test installs), in front of one
 * tiny HTTP server per service that answers with its own name and echoes the headers it received.
 * Skipped only when no nginx binary exists on this machine.
 */
class NginxGatewayTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, HttpServer> STUBS = new HashMap<>();
    private static Process nginx;
    private static Path prefix;
    private static int gatewayPort;

    @BeforeAll
    static void startGateway() throws Exception {
        Optional<Path> binary = nginxBinary();
        assumeTrue(binary.isPresent(), "nginx is not installed (./metalfleet test installs it)");
        RouteTable table = RouteTable.load(DesignRoutes.ROUTES_FILE);
        Map<String, Integer> ports = new HashMap<>();
        for (String service : table.services().keySet()) {
            HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            stub.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                var headers = exchange.getResponseHeaders();
                headers.add("X-Stub-Service", service);
                headers.add("X-Stub-Path", exchange.getRequestURI().getRawPath());
                headers.add("X-Stub-Query", String.valueOf(exchange.getRequestURI().getRawQuery()));
                headers.add("X-Stub-Body-Bytes", String.valueOf(body.length));
                // Like the services, the stub answers with a request id of its own.
                headers.add("X-Request-Id", "set-by-" + service);
                for (String name : List.of("Authorization", "X-Auth-Token", "X-Request-Id")) {
                    headers.add("X-Stub-Saw-" + name, String.valueOf(exchange.getRequestHeaders().getFirst(name)));
                }
                byte[] reply = service.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, reply.length);
                exchange.getResponseBody().write(reply);
                exchange.close();
            });
            stub.start();
            STUBS.put(service, stub);
            ports.put(service, stub.getAddress().getPort());
        }
        gatewayPort = FreePorts.find();
        prefix = Files.createTempDirectory("metalfleet-nginx-test");
        for (String dir : List.of("conf", "logs", "tmp")) {
            Files.createDirectories(prefix.resolve(dir));
        }
        Files.writeString(prefix.resolve("conf/nginx.conf"),
                new NginxConfig(table, ports).listen("127.0.0.1:" + gatewayPort).workers("1").render(prefix));
        nginx = new ProcessBuilder(binary.get().toString(), "-p", prefix.toString(), "-c",
                prefix.resolve("conf/nginx.conf").toString(), "-e", prefix.resolve("logs/error.log").toString())
                .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        awaitListening(gatewayPort);
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (nginx != null) {
            nginx.destroy(); // SIGTERM: nginx's fast shutdown
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
        STUBS.values().forEach(s -> s.stop(0));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("io.metalfleet.local.stack.DesignRoutes#routedPaths")
    void shouldProxyEachDesignPathToItsService(String path, String service) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway(path)).GET());
        assertEquals(200, response.statusCode(), path);
        assertEquals(service, response.body(), path);
        assertEquals(path, response.headers().firstValue("X-Stub-Path").orElse(null), "the path arrives unchanged");
    }

    @ParameterizedTest
    @MethodSource("io.metalfleet.local.stack.DesignRoutes#unroutedPaths")
    void shouldAnswer404AsJsonForPathsNoServiceOwns(String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway(path)).GET());
        assertEquals(404, response.statusCode(), path);
        assertTrue(response.body().contains("\"code\":404"), response.body());
        assertTrue(response.headers().firstValue("X-Stub-Service").isEmpty(), "no service saw it");
    }

    @Test
    void shouldKeepTheQueryString() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                gateway("/v1/regions/r/projects/p/infrastructure/servers?pageSize=10&pageToken=abc")).GET());
        assertEquals("inventory-service", response.body());
        assertEquals("pageSize=10&pageToken=abc", response.headers().firstValue("X-Stub-Query").orElse(null));
    }

    @Test
    void shouldPassAuthorizationAndXAuthTokenThrough() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/api/v3/onezone/providers"))
                .header("Authorization", "Bearer abc.def.ghi").header("X-Auth-Token", "tok-123").GET());
        assertEquals("Bearer abc.def.ghi", response.headers().firstValue("X-Stub-Saw-Authorization").orElse(null));
        assertEquals("tok-123", response.headers().firstValue("X-Stub-Saw-X-Auth-Token").orElse(null));
    }

    @Test
    void shouldMintARequestIdAndReturnIt() throws Exception {
        HttpResponse<String> first = send(HttpRequest.newBuilder(gateway("/servers")).GET());
        HttpResponse<String> second = send(HttpRequest.newBuilder(gateway("/servers")).GET());
        String seen = first.headers().firstValue("X-Stub-Saw-X-Request-Id").orElse("");
        assertTrue(seen.matches("[0-9a-f]{32}"), "nginx's $request_id reaches the service: " + seen);
        assertEquals(List.of(seen), first.headers().allValues("X-Request-Id"), "and comes back to the client, once");
        assertNotEquals(seen, second.headers().firstValue("X-Request-Id").orElse(null), "one id per request");
    }

    @Test
    void shouldKeepTheClientsRequestId() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/oauth2/token"))
                .header("X-Request-Id", "client-chosen-42").GET());
        assertEquals("client-chosen-42", response.headers().firstValue("X-Stub-Saw-X-Request-Id").orElse(null));
        assertEquals(List.of("client-chosen-42"), response.headers().allValues("X-Request-Id"));
    }

    @Test
    void shouldAcceptABatchSizedBodyAndRefuseAnOversizedOne() throws Exception {
        String servers = "/v1/regions/r/projects/p/infrastructure/servers:batchCreate";
        byte[] batch = new byte[300 * 1024];
        HttpResponse<String> ok = send(HttpRequest.newBuilder(gateway(servers))
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch)));
        assertEquals(200, ok.statusCode());
        assertEquals(String.valueOf(batch.length), ok.headers().firstValue("X-Stub-Body-Bytes").orElse(null));

        HttpResponse<String> tooBig = send(HttpRequest.newBuilder(gateway(servers))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[9 * 1024 * 1024])));
        assertEquals(413, tooBig.statusCode());
    }

    @Test
    void shouldAnswer503AsJsonWhenTheServiceIsDown() throws Exception {
        HttpServer cert = STUBS.remove("cert-service");
        cert.stop(0);
        HttpResponse<String> response = send(HttpRequest.newBuilder(gateway("/v2/p1/productmgr/products")).GET());
        assertEquals(503, response.statusCode());
        assertTrue(response.body().contains("not running"), response.body());
    }

    @Test
    void shouldWriteTheAccessLogAsJson() throws Exception {
        send(HttpRequest.newBuilder(gateway("/servers")).header("X-Request-Id", "log-me-7").GET());
        Path log = prefix.resolve("logs/access.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // the log buffer flushes every second
        while (System.nanoTime() < deadline) {
            Optional<String> line = Files.exists(log)
                    ? Files.readAllLines(log).stream().filter(l -> l.contains("log-me-7")).findFirst()
                    : Optional.empty();
            if (line.isPresent()) {
                assertTrue(line.get().startsWith("{\"time\":\"") && line.get().endsWith("}"), line.get());
                assertTrue(line.get().contains("\"status\":200"), line.get());
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no access log line with the request id in " + log);
    }

    private static URI gateway(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + gatewayPort + pathAndQuery);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<Path> nginxBinary() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nginx");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!nginx.isAlive()) {
                throw new AssertionError("nginx exited: " + Files.readString(prefix.resolve("logs/stdout.log"))
                        + (Files.exists(prefix.resolve("logs/error.log")) ? Files.readString(prefix.resolve("logs/error.log")) : ""));
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nginx did not listen on " + port + " within 15 s");
    }
}
