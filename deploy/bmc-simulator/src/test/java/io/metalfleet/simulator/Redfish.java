package io.metalfleet.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;

/** A small Redfish client over real sockets (java.net.http) for the tests: Basic or session auth. */
final class Redfish {

    static final ObjectMapper JSON = new ObjectMapper();
    // Generous: the connect timeout covers the TLS handshake, which a cold JVM on a loaded 2-core CI machine
    // has been seen to take more than 5 s over.
    private static final HttpClient DEFAULT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private final HttpClient client;
    private final String base;
    private String authorization;
    private String token;

    Redfish(SimulatedBmc bmc) {
        this(bmc, DEFAULT);
    }

    Redfish(SimulatedBmc bmc, HttpClient client) {
        this.client = client;
        this.base = bmc.url();
        basic(bmc.username(), bmc.password());
    }

    static HttpClient tlsClient(SSLContext ctx) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ctx)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    Redfish basic(String user, String password) {
        authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        token = null;
        return this;
    }

    Redfish anonymous() {
        authorization = null;
        token = null;
        return this;
    }

    Redfish token(String t) {
        token = t;
        authorization = null;
        return this;
    }

    Res get(String path) {
        return send("GET", path, null, null);
    }

    Res post(String path, String json) {
        return send("POST", path, json, null);
    }

    Res patch(String path, String json, String ifMatch) {
        return send("PATCH", path, json, ifMatch);
    }

    Res delete(String path) {
        return send("DELETE", path, null, null);
    }

    Res send(String method, String path, String json, String ifMatch) {
        return send(method, path, json, ifMatch, Duration.ofSeconds(10));
    }

    Res send(String method, String path, String json, String ifMatch, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        try {
            return new Res(client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (Exception e) {
            throw new RuntimeException(method + " " + path + ": " + e, e);
        }
    }

    /** A response with its parsed JSON body. */
    record Res(HttpResponse<String> raw) {
        int status() {
            return raw.statusCode();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        String text(String pointer) {
            return json().at(pointer).asText();
        }

        String messageId() {
            return json().at("/error/@Message.ExtendedInfo/0/MessageId").asText();
        }
    }

    /** Polls until the condition holds or the deadline passes; returns the time it took. */
    static long awaitMs(Supplier<Boolean> condition, Duration max, String what) {
        long t0 = System.nanoTime();
        while (!condition.get()) {
            if (System.nanoTime() - t0 > max.toNanos()) {
                throw new AssertionError("timed out after " + max.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
