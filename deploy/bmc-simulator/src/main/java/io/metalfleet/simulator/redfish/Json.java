package io.metalfleet.simulator.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;

/** One shared, thread-safe ObjectMapper and the small JSON helpers every resource uses. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static ObjectNode link(String path) {
        return object().put("@odata.id", path);
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node written as these bytes verbatim (an already serialized JSON value). */
    public static JsonNode raw(byte[] json) {
        return MAPPER.getNodeFactory().rawValueNode(new RawValue(new String(json, StandardCharsets.UTF_8)));
    }

    /** Parses a request body; null when it is not a JSON object (the caller answers 400). */
    public static ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            return n instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A Redfish collection of links. */
    public static ObjectNode collection(String type, String name, String path, Iterable<String> members) {
        ObjectNode c = object();
        c.put("@odata.id", path).put("@odata.type", "#" + type + "." + type).put("Name", name);
        ArrayNode m = c.putArray("Members");
        for (String s : members) {
            m.add(link(s));
        }
        c.put("Members@odata.count", m.size());
        return c;
    }
}
