package io.metalfleet.simulator.redfish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.profile.VendorProfile;

/**
 * Redfish error bodies (DMTF's "error" object with @Message.ExtendedInfo), in the vendor's style: iLO
 * puts "iLO.0.10.ExtendedInfo" in the top-level code, others a Base registry message.
 */
public final class RedfishErrors {

    private RedfishErrors() {
    }

    public static Reply error(VendorProfile profile, int status, String messageId, String message) {
        ObjectNode info = Json.object();
        info.put("@odata.type", "#Message.v1_1_1.Message");
        info.put("MessageId", messageId);
        info.put("Message", message);
        info.put("Severity", status >= 500 ? "Critical" : "Warning");
        info.put("Resolution", resolution(status));
        ObjectNode err = Json.object();
        err.put("code", profile.quirks().errorCodePrefix());
        err.put("message", profile.quirks().errorCodePrefix().startsWith("iLO")
                ? "See @Message.ExtendedInfo for more information." : message);
        err.putArray("@Message.ExtendedInfo").add(info);
        ObjectNode root = Json.object();
        root.set("error", err);
        return Reply.json(status, Json.bytes(root));
    }

    public static Reply notFound(VendorProfile p, String path) {
        return error(p, 404, "Base.1.5.ResourceMissingAtURI", "The resource at the URI " + path + " was not found.");
    }

    public static Reply unauthorized(VendorProfile p) {
        return error(p, 401, "Base.1.5.NoValidSession",
                "There is no valid session established with the implementation.");
    }

    public static Reply badRequest(VendorProfile p, String messageId, String message) {
        return error(p, 400, messageId, message);
    }

    public static Reply methodNotAllowed(VendorProfile p, String allow) {
        return error(p, 405, "Base.1.5.OperationNotAllowed", "The operation is not allowed on this resource.")
                .allow(allow);
    }

    public static Reply unavailable(VendorProfile p, int retryAfter, String why) {
        return error(p, 503, "Base.1.5.ServiceTemporarilyUnavailable",
                "The service is temporarily unavailable (" + why + "). Retry in " + retryAfter + " seconds.")
                .retryAfter(retryAfter);
    }

    public static Reply internal(VendorProfile p) {
        return error(p, 500, "Base.1.5.InternalError",
                "The request failed due to an internal service error. The service is still operational.");
    }

    private static String resolution(int status) {
        return switch (status) {
            case 401 -> "Log in with valid credentials or a session token.";
            case 412 -> "Read the resource again and retry with its current ETag.";
            case 428 -> "Send If-Match with the resource's current ETag.";
            case 503 -> "Retry the request after the Retry-After interval.";
            default -> status >= 500 ? "Retry the operation; contact the vendor if it persists."
                    : "Correct the request body and resubmit.";
        };
    }
}
