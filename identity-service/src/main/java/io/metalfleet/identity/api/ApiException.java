package io.metalfleet.identity.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure answered in seed 004's shape {@code {"error":{"id","details","description"}}}; mapped by
 * {@link ApiErrorMapper}. The factories are Onezone's error ids with its wording; every validation
 * error names the offending key in {@code details.key}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String id;
    private final transient Map<String, Object> details;

    public ApiException(int status, String id, Map<String, Object> details, String description) {
        super(description, null, false, false);
        this.status = status;
        this.id = id;
        this.details = details == null ? Map.of() : details;
    }

    public int status() {
        return status;
    }

    public String id() {
        return id;
    }

    public Map<String, Object> details() {
        return details;
    }

    private static ApiException bad(String id, String key, String description) {
        return new ApiException(400, id, Map.of("key", key), description);
    }

    private static ApiException bad(String id, String key, String extraName, Object extra, String description) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("key", key);
        details.put(extraName, extra);
        return new ApiException(400, id, details, description);
    }

    public static ApiException badMessage(String why) {
        return new ApiException(400, "badMessage", Map.of(),
                "Bad message: the message could not be understood by the server" + (why == null ? "." : " (" + why + ")."));
    }

    public static ApiException unexpectedKey(String key) {
        return bad("badMessage", key, "Bad message: unexpected key \"" + key + "\".");
    }

    public static ApiException missingRequiredValue(String key) {
        return bad("missingRequiredValue", key, "Missing required value: \"" + key + "\".");
    }

    public static ApiException badValueString(String key) {
        return bad("badValueString", key, "Bad value: provided \"" + key + "\" must be a string.");
    }

    public static ApiException badValueEmptyString(String key) {
        return bad("badValueEmptyValue", key, "Bad value: provided \"" + key + "\" must not be empty.");
    }

    public static ApiException badValueBoolean(String key) {
        return bad("badValueBoolean", key, "Bad value: provided \"" + key + "\" must be a boolean.");
    }

    public static ApiException badValueInteger(String key) {
        return bad("badValueInteger", key, "Bad value: provided \"" + key + "\" must be an integer.");
    }

    public static ApiException badValueFloat(String key) {
        return bad("badValueFloat", key, "Bad value: provided \"" + key + "\" must be a floating point number.");
    }

    public static ApiException badValueListOfStrings(String key) {
        return bad("badValueListOfBinaries", key, "Bad value: provided \"" + key + "\" must be a list of strings.");
    }

    public static ApiException badValueTooLow(String key, Number limit) {
        return bad("badValueTooLow", key, "limit", limit, "Bad value: provided \"" + key + "\" must be at least " + limit + ".");
    }

    public static ApiException badValueTooHigh(String key, Number limit) {
        return bad("badValueTooHigh", key, "limit", limit, "Bad value: provided \"" + key + "\" must not exceed " + limit + ".");
    }

    public static ApiException badValueEmail(String key) {
        return bad("badValueEmail", key, "Bad value: provided e-mail is not a valid e-mail.");
    }

    public static ApiException badValueIPv4Address(String key) {
        return bad("badValueIPv4Address", key, "Bad value: provided \"" + key + "\" must be a valid IPv4 address.");
    }

    public static ApiException badValueListOfIPv4Addresses(String key) {
        return bad("badValueListOfIPv4Addresses", key, "Bad value: provided \"" + key + "\" must be a list of IPv4 addresses.");
    }

    public static ApiException badValueDomain(String key) {
        return bad("badValueDomain", key, "Bad value: provided domain is not valid.");
    }

    public static ApiException badValueSubdomain(String key) {
        return bad("badValueSubdomain", key, "Bad value: provided subdomain is not valid.");
    }

    public static ApiException badValueName(String key) {
        return bad("badValueName", key, "Bad value: \"" + key + "\" must be 2-50 characters long and composed only of"
                + " letters, digits, brackets and underscores; dashes, spaces and dots are allowed but not at the beginning or the end.");
    }

    public static ApiException badValueIdentifier(String key) {
        return bad("badValueIdentifier", key, "Bad value: provided \"" + key + "\" is not a valid identifier.");
    }

    public static ApiException badValueNotAllowed(String key, Object allowed) {
        return bad("badValueNotAllowed", key, "allowed", allowed, "Bad value: provided \"" + key + "\" must be one of: " + allowed + ".");
    }

    public static ApiException badValuePassword(String key, int minLength) {
        return bad("badValuePassword", key, "Bad value: provided \"" + key + "\" must be at least " + minLength + " characters long.");
    }

    /** An unknown, used, revoked or expired token; {@code reason} says which. */
    public static ApiException badValueToken(String key, String reason) {
        return bad("badValueToken", key, "tokenError", reason, "Bad value: provided \"" + key + "\" is not a valid token (" + reason + ").");
    }

    public static ApiException identifierOccupied(String key) {
        return bad("badValueIdentifierOccupied", key, "Bad value: provided identifier (\"" + key + "\") is already occupied.");
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "unauthorized", Map.of(), "You must authenticate yourself to perform this operation.");
    }

    public static ApiException forbidden() {
        return new ApiException(403, "forbidden", Map.of(), "You are not authorized to perform this operation (insufficient privileges?).");
    }

    public static ApiException notFound() {
        return new ApiException(404, "notFound", Map.of(), "The resource could not be found.");
    }
}
