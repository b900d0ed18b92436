package io.metalfleet.provisioning.redfish.vendor;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.redfish.connector.BmcGate;
import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishCall;
import io.metalfleet.provisioning.redfish.connector.RedfishConnector;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.smallrye.mutiny.Uni;

/**
 * Finds a BMC's vendor hooks, its first ComputerSystem, Manager and Chassis and what it offers of
 * {@code $expand}, once per BMC (kept on its gate): service root, Systems, Managers, Chassis collections.
 */
public final class Discovery {

    private Discovery() {
    }

    public static Uni<BmcProfile> profile(RedfishConnector connector, BmcTarget target) {
        BmcGate gate = connector.gate(target);
        BmcProfile known = gate.profile();
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        // the service root is public (Redfish spec): read it before logging in, which also opens the connection
        return connector.exchangeRetrying(target, RedfishCall.get("/redfish/v1"), null, null)
                .map(r -> r.requireOk("reading the service root").json())
                // one read after the other: one connection per BMC (see Inspector)
                .chain(root -> firstMember(connector, target, root, "Systems")
                        .chain(system -> firstMember(connector, target, root, "Managers")
                                .chain(manager -> firstMember(connector, target, root, "Chassis")
                                        .map(chassis -> new BmcProfile(root.path("Vendor").asText("unknown"),
                                                BmcProfile.hooksFor(root), system, manager, chassis,
                                                ExpandSupport.of(root))))))
                .invoke(p -> gate.profile(p));
    }

    private static Uni<String> firstMember(RedfishConnector connector, BmcTarget target, JsonNode root, String collection) {
        String path = root.path(collection).path("@odata.id").asText(null);
        if (path == null) {
            return "Systems".equals(collection)
                    ? Uni.createFrom().failure(new RedfishException(RedfishException.Kind.PROTOCOL, "the service root has no Systems"))
                    : Uni.createFrom().nullItem();
        }
        return connector.get(target, path).map(r -> {
            JsonNode members = r.requireOk("reading " + collection).json().path("Members");
            if (!members.isArray() || members.isEmpty()) {
                if ("Systems".equals(collection)) {
                    throw new RedfishException(RedfishException.Kind.PROTOCOL, "the BMC lists no ComputerSystem");
                }
                return null;
            }
            return members.get(0).path("@odata.id").asText();
        });
    }
}
