package io.metalfleet.local.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo's only door to the suite: HTTP/1.1 to the gateway, JSON in and out, one request id per call
 * (so a failed call can be found in the services' logs).
 */
public final class GatewayClient {

    /** How the token travels: the suite's bearer header, or seed 001/003's X-Auth-Token. */
    public enum Auth { BEARER, X_AUTH_TOKEN }

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI gateway;
    private final Duration requestTimeout;
    private final HttpClient http;

    public GatewayClient(URI gateway, Duration requestTimeout) {
        this.gateway = gateway;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    public URI gateway() {
        return gateway;
    }

    public ApiResponse get(String path, String token) {
        return send("GET", path, token, Auth.BEARER, null);
    }

    public ApiResponse post(String path, String token, Object body) {
        return send("POST", path, token, Auth.BEARER, body);
    }

    public ApiResponse send(String method, String path, String token, Auth auth, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("X-Request-Id", "demo-" + UUID.randomUUID());
        if (token != null) {
            request.header(auth == Auth.BEARER ? "Authorization" : "X-Auth-Token", auth == Auth.BEARER ? "Bearer " + token : token);
        }
        if (body instanceof Form form) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
            request.method(method, HttpRequest.BodyPublishers.ofString(form.encoded()));
        } else if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(method, path, response.statusCode(), response.headers(), response.body(), parse(response.body()));
        } catch (IOException e) {
            throw new StepFailedException(method + " " + path + ": no answer from the gateway " + gateway + " (" + e + ")."
                    + " Is the stack up? ./metalfleet status");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailedException(method + " " + path + ": interrupted");
        }
    }

    /** Fails the step unless the answer has one of {@code statuses}. */
    public static ApiResponse expect(ApiResponse response, String what, int... statuses) {
        if (Arrays.stream(statuses).noneMatch(status -> status == response.status())) {
            throw new StepFailedException(what + ": expected HTTP " + Arrays.toString(statuses), response);
        }
        return response;
    }

    static String write(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + body.getClass(), e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** An {@code application/x-www-form-urlencoded} body (the token endpoint's). */
    public record Form(Map<String, String> fields) {
        String encoded() {
            StringJoiner joined = new StringJoiner("&");
            fields.forEach((name, value) -> joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8)));
            return joined.toString();
        }
    }
}
