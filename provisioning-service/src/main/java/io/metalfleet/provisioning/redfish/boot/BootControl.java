package io.metalfleet.provisioning.redfish.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.ConditionalPatch;
import io.metalfleet.provisioning.redfish.connector.RedfishConnector;
import io.metalfleet.provisioning.redfish.connector.RedfishCall;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.redfish.connector.SystemSnapshot;
import io.metalfleet.provisioning.redfish.vendor.BmcProfile;
import io.smallrye.mutiny.Uni;

/** The boot source override, checked against AllowableValues, PATCHed with If-Match through the vendor's hook. */
public final class BootControl {

    private final RedfishConnector connector;

    public BootControl(RedfishConnector connector) {
        this.connector = connector;
    }

    public static List<String> allowedTargets(JsonNode system) {
        List<String> allowed = new ArrayList<>();
        system.path("Boot").path("BootSourceOverrideTarget@Redfish.AllowableValues").forEach(v -> allowed.add(v.asText()));
        return allowed;
    }

    /** Sets the override on a system just read ({@code system} and its {@code etag} from that GET). */
    public Uni<Void> apply(BmcTarget target, BmcProfile profile, JsonNode system, String etag, BootOverride override) {
        RedfishException refused = refusal(system, override);
        if (refused != null) {
            return Uni.createFrom().failure(refused);
        }
        return ConditionalPatch.patch(connector, target, profile.systemPath(), body(profile, system, override), etag,
                profile.hooks(), "boot override " + override.target()).replaceWithVoid();
    }

    /**
     * Sets the override on the system as read earlier, if it is still that: one PATCH with that read's ETag in
     * If-Match. True when done; false when the BMC answers 412 (the system changed since, or the ETag form is not
     * the one it compares): the caller then reads it again.
     */
    public Uni<Boolean> applyIfUnchanged(BmcTarget target, BmcProfile profile, SystemSnapshot known, BootOverride override) {
        RedfishException refused = refusal(known.state(), override);
        if (refused != null) {
            return Uni.createFrom().failure(refused);
        }
        return connector.call(target, RedfishCall.patch(profile.systemPath(), body(profile, known.state(), override), known.etag()))
                .map(r -> {
                    if (r.status() == 412) {
                        return false;
                    }
                    r.requireOk("boot override " + override.target());
                    return true;
                });
    }

    private static RedfishException refusal(JsonNode system, BootOverride override) {
        List<String> allowed = allowedTargets(system);
        if (!allowed.isEmpty() && !allowed.contains(override.target())) {
            return new RedfishException(RedfishException.Kind.NOT_ALLOWED,
                    "boot target " + override.target() + " is not offered by this BMC; allowed values: " + allowed);
        }
        return null;
    }

    private static Map<String, Object> body(BmcProfile profile, JsonNode system, BootOverride override) {
        String mode = system.path("Boot").path("BootSourceOverrideMode").asText(null);
        return Map.of("Boot", profile.hooks().bootOverride(override.target(), override.enabled(), mode, override.httpBootUri()));
    }
}
