package io.metalfleet.provisioning.redfish.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.ConditionalPatch;
import io.metalfleet.provisioning.redfish.connector.RedfishConnector;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
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
        List<String> allowed = allowedTargets(system);
        if (!allowed.isEmpty() && !allowed.contains(override.target())) {
            return Uni.createFrom().failure(new RedfishException(RedfishException.Kind.NOT_ALLOWED,
                    "boot target " + override.target() + " is not offered by this BMC; allowed values: " + allowed));
        }
        String mode = system.path("Boot").path("BootSourceOverrideMode").asText(null);
        Map<String, Object> body = Map.of("Boot",
                profile.hooks().bootOverride(override.target(), override.enabled(), mode, override.httpBootUri()));
        return ConditionalPatch.patch(connector, target, profile.systemPath(), body, etag, profile.hooks(),
                "boot override " + override.target()).replaceWithVoid();
    }
}
