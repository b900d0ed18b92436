package io.metalfleet.provisioning.redfish.connector;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.ByteBuf;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** One answer of a BMC: status, the headers we use, and the body parsed on demand. */
public final class RedfishResponse {

    static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final MultiMap headers;
    private final Buffer body;
    private JsonNode json;

    public RedfishResponse(int status, MultiMap headers, Buffer body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public JsonNode json() {
        if (json == null) {
            try {
                if (body == null || body.length() == 0) {
                    json = MissingNode.getInstance();
                } else {
                    // closed, so that the names it met join the factory's shared table (an unclosed parser copies it)
                    try (JsonParser parser = parser()) {
                        json = JSON.readTree(parser);
                    }
                }
            } catch (Exception e) {
                throw new RedfishException(RedfishException.Kind.PROTOCOL, status, "BMC answered a body that is not JSON");
            }
        }
        return json;
    }

    /** Only the fields {@code projection} names, read from the bytes without building the whole tree. */
    public ObjectNode project(JsonProjection projection) {
        if (body == null || body.length() == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try (JsonParser parser = parser()) {
            return projection.read(parser);
        } catch (Exception e) {
            throw new RedfishException(RedfishException.Kind.PROTOCOL, status, "BMC answered a body that is not JSON");
        }
    }

    /** A parser over the body's own bytes (no copy when the buffer is on the heap). */
    private JsonParser parser() throws IOException {
        ByteBuf bytes = body.getByteBuf();
        if (bytes.hasArray()) {
            return JSON.createParser(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
        }
        return JSON.createParser(body.getBytes());
    }

    /** The Redfish error message of a failed answer ("error.@Message.ExtendedInfo[0].Message"), for reasons. */
    public String errorMessage() {
        try {
            JsonNode error = json().path("error");
            JsonNode info = error.path("@Message.ExtendedInfo");
            if (info.isArray() && !info.isEmpty() && info.get(0).hasNonNull("Message")) {
                return info.get(0).get("Message").asText();
            }
            return error.path("message").asText("HTTP " + status);
        } catch (RedfishException e) {
            return "HTTP " + status;
        }
    }

    /** This answer when it is a success, else a definite failure naming what the BMC said. */
    public RedfishResponse requireOk(String what) {
        if (ok()) {
            return this;
        }
        RedfishException.Kind kind = status == 401 || status == 403 ? RedfishException.Kind.AUTH
                : RedfishException.Kind.HTTP_ERROR;
        throw new RedfishException(kind, status, what + " failed with HTTP " + status + ": " + errorMessage());
    }
}
