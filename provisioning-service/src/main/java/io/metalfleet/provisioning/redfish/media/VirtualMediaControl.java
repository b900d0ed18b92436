package io.metalfleet.provisioning.redfish.media;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishCall;
import io.metalfleet.provisioning.redfish.connector.RedfishConnector;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.redfish.connector.TaskMonitor;
import io.metalfleet.provisioning.redfish.vendor.Discovery;
import io.smallrye.mutiny.Uni;

/** Virtual media on the manager's first CD-capable slot: InsertMedia (often a long task) and EjectMedia. */
public final class VirtualMediaControl {

    private final RedfishConnector connector;

    public VirtualMediaControl(RedfishConnector connector) {
        this.connector = connector;
    }

    public Uni<Void> insert(BmcTarget target, String imageUrl) {
        return slot(target).chain(slot -> connector.call(target, RedfishCall.post(slot + "/Actions/VirtualMedia.InsertMedia",
                Map.of("Image", imageUrl, "Inserted", true, "WriteProtected", true)))
                .map(r -> r.requireOk("VirtualMedia.InsertMedia"))
                .chain(r -> TaskMonitor.follow(connector, target, r, "VirtualMedia.InsertMedia")))
                .replaceWithVoid();
    }

    public Uni<Void> eject(BmcTarget target) {
        return slot(target).chain(slot -> connector.call(target, RedfishCall.post(slot + "/Actions/VirtualMedia.EjectMedia", Map.of()))
                .map(r -> r.requireOk("VirtualMedia.EjectMedia"))
                .chain(r -> TaskMonitor.follow(connector, target, r, "VirtualMedia.EjectMedia")))
                .replaceWithVoid();
    }

    /** The image inserted now, or null. */
    public Uni<String> inserted(BmcTarget target) {
        return slot(target).chain(slot -> connector.get(target, slot)).map(r -> {
            JsonNode media = r.requireOk("reading virtual media").json();
            return media.path("Inserted").asBoolean(false) ? media.path("Image").asText(null) : null;
        });
    }

    private Uni<String> slot(BmcTarget target) {
        return Discovery.profile(connector, target).chain(profile -> {
            if (profile.managerPath() == null) {
                return Uni.createFrom().failure(new RedfishException(RedfishException.Kind.PROTOCOL, "the BMC has no Manager"));
            }
            return connector.get(target, profile.managerPath() + "/VirtualMedia")
                    .map(r -> {
                        JsonNode members = r.requireOk("reading the VirtualMedia collection").json().path("Members");
                        if (members.isEmpty()) {
                            throw new RedfishException(RedfishException.Kind.PROTOCOL, "the BMC offers no virtual media");
                        }
                        return members.get(0).path("@odata.id").asText();
                    });
        });
    }
}
