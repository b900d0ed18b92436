package io.metalfleet.provisioning.redfish.connector;

import io.vertx.core.buffer.Buffer;

/** One request as the connector sends it; {@code ifMatch} only on PATCH. */
public record RedfishCall(String method, String path, Buffer body, String ifMatch) {

    public static RedfishCall get(String path) {
        return new RedfishCall("GET", path, null, null);
    }

    public static RedfishCall delete(String path) {
        return new RedfishCall("DELETE", path, null, null);
    }

    public static RedfishCall post(String path, Object body) {
        return new RedfishCall("POST", path, json(body), null);
    }

    public static RedfishCall patch(String path, Object body, String etag) {
        return new RedfishCall("PATCH", path, json(body), etag);
    }

    /** Safe to repeat after a 5xx or a lost answer: reads, deletes and conditional (If-Match) writes. */
    public boolean idempotent() {
        return switch (method) {
            case "GET", "HEAD", "DELETE" -> true;
            case "PATCH" -> ifMatch != null;
            default -> false;
        };
    }

    private static Buffer json(Object body) {
        try {
            return Buffer.buffer(RedfishResponse.JSON.writeValueAsBytes(body));
        } catch (Exception e) {
            throw new IllegalArgumentException("request body cannot be written as JSON", e);
        }
    }

    @Override
    public String toString() {
        // never the body: it may hold a password (session login)
        return method + " " + path;
    }
}
