package io.metalfleet.identity.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a JSON request body key by key with Onezone's typing rules, so that each bad value gets its
 * own error id naming the key. Like Onezone, booleans and numbers may also arrive as strings
 * ({@code "false"}, {@code "50.0647"}), as the seed's cURL example sends them.
 */
public final class JsonFields {

    private final JsonNode body;

    private JsonFields(JsonNode body) {
        this.body = body;
    }

    /** The body must be a JSON object with no keys but {@code allowed}. */
    public static JsonFields of(JsonNode body, Set<String> allowed) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.badMessage("a JSON object is required");
        }
        if (!body.isObject()) {
            throw ApiException.badMessage("the body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.unexpectedKey(name);
            }
        }
        return new JsonFields(body);
    }

    public boolean has(String key) {
        JsonNode value = body.get(key);
        return value != null && !value.isNull();
    }

    public String requiredString(String key) {
        if (!has(key)) {
            throw ApiException.missingRequiredValue(key);
        }
        return optionalString(key);
    }

    public String optionalString(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = body.get(key);
        if (!value.isTextual()) {
            throw ApiException.badValueString(key);
        }
        if (value.asText().isBlank()) {
            throw ApiException.badValueEmptyString(key);
        }
        return value.asText();
    }

    public boolean requiredBoolean(String key) {
        if (!has(key)) {
            throw ApiException.missingRequiredValue(key);
        }
        JsonNode value = body.get(key);
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && ("true".equals(value.asText()) || "false".equals(value.asText()))) {
            return Boolean.parseBoolean(value.asText());
        }
        throw ApiException.badValueBoolean(key);
    }

    /** An integer within [low, high]. */
    public Integer optionalInteger(String key, int low, int high) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = body.get(key);
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.longValue();
        } else if (value.isTextual() && value.asText().matches("-?\\d{1,18}")) {
            number = Long.parseLong(value.asText());
        } else {
            throw ApiException.badValueInteger(key);
        }
        if (number < low) {
            throw ApiException.badValueTooLow(key, low);
        }
        if (number > high) {
            throw ApiException.badValueTooHigh(key, high);
        }
        return (int) number;
    }

    /** A number within [low, high]. */
    public Double optionalFloat(String key, double low, double high) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = body.get(key);
        double number;
        if (value.isNumber()) {
            number = value.doubleValue();
        } else if (value.isTextual()) {
            try {
                number = Double.parseDouble(value.asText().trim());
            } catch (NumberFormatException e) {
                throw ApiException.badValueFloat(key);
            }
        } else {
            throw ApiException.badValueFloat(key);
        }
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            throw ApiException.badValueFloat(key);
        }
        if (number < low) {
            throw ApiException.badValueTooLow(key, (int) low);
        }
        if (number > high) {
            throw ApiException.badValueTooHigh(key, (int) high);
        }
        return number;
    }

    /** A list of strings; {@code notAList} is the error when it is anything else or holds a non-string. */
    public List<String> optionalStringList(String key, ApiException notAList) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = body.get(key);
        if (!value.isArray()) {
            throw notAList;
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw notAList;
            }
            items.add(item.asText());
        }
        return items;
    }
}
