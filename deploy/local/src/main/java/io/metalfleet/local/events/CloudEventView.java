package io.metalfleet.local.events;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Kafka record as a reader sees it: the CloudEvents attributes (binary mode: {@code ce_*} headers;
 * structured mode: an {@code application/cloudevents+json} envelope) and the payload pretty-printed.
 *
 * <p>The suite's events carry no secrets (credentials travel sealed), but a subscriber's screen is
 * no place to find out otherwise: fields whose names say they hold a secret are masked.
 */
public final class CloudEventView {

    /** Field names (lower case, without - and _) whose values are never shown. */
    static final Set<String> SECRET_FIELDS = Set.of("password", "adminpass", "privatekey", "providerroottoken",
            "roottoken", "clientsecret", "identifier", "secret", "accesstoken", "token");
    static final String MASK = "<redacted>";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] ATTRIBUTES = {"type", "subject", "source", "time", "id"};

    private CloudEventView() {
    }

    /** The record as a block of text: a heading line, the attributes, the key and the payload. */
    public static String format(ConsumerRecord<String, String> record, boolean emphasis) {
        Map<String, String> attributes = new java.util.LinkedHashMap<>();
        String payload = record.value();
        String contentType = header(record, "content-type");
        boolean structured = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/cloudevents+json");
        if (structured) {
            JsonNode envelope = parse(payload);
            if (envelope instanceof ObjectNode object) {
                for (String name : ATTRIBUTES) {
                    attributes.put(name, object.path(name).asText(null));
                }
                JsonNode data = object.get("data");
                payload = data == null ? null : data.toString();
            }
        } else {
            for (String name : ATTRIBUTES) {
                attributes.put(name, header(record, "ce_" + name));
            }
        }
        StringBuilder out = new StringBuilder();
        String type = attributes.get("type");
        String heading = type == null ? "(not a CloudEvent)" : type;
        out.append(emphasis ? "\u001b[1m" + heading + "\u001b[0m" : heading)
                .append("  ").append(record.topic()).append('/').append(record.partition()).append('@').append(record.offset())
                .append('\n');
        for (String name : ATTRIBUTES) {
            if (!"type".equals(name)) {
                out.append(String.format("  %-8s %s%n", name, orDash(attributes.get(name))));
            }
        }
        out.append(String.format("  %-8s %s%n", "key", orDash(record.key())));
        out.append(indent(prettyPayload(payload))).append('\n');
        return out.toString();
    }

    static String prettyPayload(String payload) {
        if (payload == null) {
            return "(no payload)";
        }
        JsonNode tree = parse(payload);
        if (tree == null) {
            return "(not JSON, " + payload.getBytes(StandardCharsets.UTF_8).length + " bytes)";
        }
        mask(tree);
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return "(unprintable JSON)";
        }
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSecret(field.getKey()) && !field.getValue().isNull()) {
                    field.setValue(object.textNode(MASK));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(CloudEventView::mask);
        }
    }

    static boolean isSecret(String fieldName) {
        return SECRET_FIELDS.contains(fieldName.toLowerCase(Locale.ROOT).replace("_", "").replace("-", ""));
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static String indent(String text) {
        return "  " + text.replace("\n", "\n  ");
    }
}
