package io.metalfleet.provisioning.redfish.connector;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The few fields of a Redfish document an operation reads, taken from the bytes in one streaming pass
 * with everything else skipped. A power-cycle of 10,000 BMCs holds one ComputerSystem per BMC in flight:
 * full Jackson trees of them were a few hundred MiB of heap and most of the parsing time.
 *
 * <p>Paths are '/'-separated (Redfish names contain dots: {@code Actions/#ComputerSystem.Reset/target}).
 * A kept value is copied whole; arrays of strings (AllowableValues) are shared between documents that
 * carry the same ones, so the result must be treated as read-only.
 */
public final class JsonProjection {

    private static final Map<List<String>, ArrayNode> SHARED_ARRAYS = new ConcurrentHashMap<>();
    private static final int SHARED_ARRAYS_MAX = 4096;

    /** Field name → null for a kept leaf (copied whole), or the projection of that object's fields. */
    private final Map<String, JsonProjection> fields = new LinkedHashMap<>();

    private JsonProjection() {
    }

    public static JsonProjection of(String... paths) {
        JsonProjection root = new JsonProjection();
        for (String path : paths) {
            JsonProjection at = root;
            String[] names = path.split("/");
            for (int i = 0; i < names.length - 1; i++) {
                at = at.fields.computeIfAbsent(names[i], n -> new JsonProjection());
            }
            at.fields.put(names[names.length - 1], null);
        }
        return root;
    }

    /** The projected document; a body that is not a JSON object gives an empty one. */
    ObjectNode read(JsonParser parser) throws IOException {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        if (parser.nextToken() == JsonToken.START_OBJECT) {
            readObject(parser, kept);
        }
        return kept;
    }

    private void readObject(JsonParser parser, ObjectNode kept) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!fields.containsKey(name)) {
                parser.skipChildren();
                continue;
            }
            JsonProjection inner = fields.get(name);
            if (inner != null && value == JsonToken.START_OBJECT) {
                inner.readObject(parser, kept.putObject(name));
            } else if (inner != null) {
                parser.skipChildren();
            } else if (value == JsonToken.START_ARRAY) {
                kept.set(name, sharedArray(parser.readValueAsTree()));
            } else {
                kept.set(name, scalar(parser, value));
            }
        }
    }

    /** A kept value; scalars made directly (readValueAsTree sets up a deserialization context for each). */
    private static JsonNode scalar(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> JsonNodeFactory.instance.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> JsonNodeFactory.instance.numberNode(parser.getIntValue());
                case LONG -> JsonNodeFactory.instance.numberNode(parser.getLongValue());
                default -> JsonNodeFactory.instance.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> JsonNodeFactory.instance.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> JsonNodeFactory.instance.booleanNode(true);
            case VALUE_FALSE -> JsonNodeFactory.instance.booleanNode(false);
            case VALUE_NULL -> JsonNodeFactory.instance.nullNode();
            default -> parser.readValueAsTree();
        };
    }

    private static JsonNode sharedArray(JsonNode array) {
        List<String> values = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return array;
            }
            values.add(element.asText());
        }
        ArrayNode known = SHARED_ARRAYS.get(values);
        if (known != null) {
            return known;
        }
        if (SHARED_ARRAYS.size() >= SHARED_ARRAYS_MAX) {
            return array; // a fleet with that many distinct lists is not what this saves memory for
        }
        ArrayNode previous = SHARED_ARRAYS.putIfAbsent(values, (ArrayNode) array);
        return previous != null ? previous : array;
    }
}
