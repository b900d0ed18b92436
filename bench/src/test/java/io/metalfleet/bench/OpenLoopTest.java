package io.metalfleet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class OpenLoopTest {

    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 500);
        // One thread: a stall holds up every request behind it, as a saturated service would.
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/", exchange -> {
            if (served.incrementAndGet() == 100) {
                sleep(400);
            }
            int status = exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldChargeAStallToEveryRequestScheduledDuringIt() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/ok")).GET().build();
        OpenLoop.Result result = OpenLoop.run(200, Duration.ofSeconds(2), () -> send(request));

        assertEquals(400, result.sent());
        assertEquals(0, result.failed());
        assertEquals(400, result.latencyMicros().getTotalCount());
        // 400 ms at 200/s: about 80 requests were due while the server stalled. Timed from their
        // intended start they all look slow; timed from when they were actually answered, only one would.
        long slow = result.latencyMicros().getCountBetweenValues(100_000, Long.MAX_VALUE);
        assertTrue(slow >= 40, "requests charged with the stall: " + slow);
        assertTrue(result.achievedPerSecond() > 180 && result.achievedPerSecond() < 220,
                "the sender keeps its schedule: " + result.achievedPerSecond());
    }

    @Test
    void shouldCountNon200AnswersAsFailures() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/missing")).GET().build();
        OpenLoop.Result result = OpenLoop.run(100, Duration.ofMillis(500), () -> send(request));
        assertEquals(50, result.sent());
        assertEquals(50, result.failed());
    }

    private CompletableFuture<Boolean> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(r -> r.statusCode() == 200);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
