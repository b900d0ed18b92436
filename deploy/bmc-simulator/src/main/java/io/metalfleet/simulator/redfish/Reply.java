package io.metalfleet.simulator.redfish;

import java.nio.charset.StandardCharsets;

/**
 * What a Redfish handler answers: status, body and the few headers Redfish needs. Handlers build a
 * Reply, the pipeline writes it; keeping the socket out of the handlers keeps them testable and short.
 */
public final class Reply {

    public final int status;
    public final byte[] body;
    String etag;
    String location;
    String authToken;
    Integer retryAfter;
    String allow;

    private Reply(int status, byte[] body) {
        this.status = status;
        this.body = body;
    }

    public static Reply json(int status, byte[] body) {
        return new Reply(status, body);
    }

    public static Reply ok(byte[] body) {
        return new Reply(200, body);
    }

    public static Reply noContent() {
        return new Reply(204, null);
    }

    public static Reply text(int status, String body) {
        return new Reply(status, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The same answer (status, headers) with another body. */
    Reply withBody(byte[] other) {
        Reply r = new Reply(status, other);
        r.etag = etag;
        r.location = location;
        r.authToken = authToken;
        r.retryAfter = retryAfter;
        r.allow = allow;
        return r;
    }

    public Reply etag(String v) {
        etag = v;
        return this;
    }

    public Reply location(String v) {
        location = v;
        return this;
    }

    public Reply authToken(String v) {
        authToken = v;
        return this;
    }

    public Reply retryAfter(int seconds) {
        retryAfter = seconds;
        return this;
    }

    public Reply allow(String v) {
        allow = v;
        return this;
    }
}
