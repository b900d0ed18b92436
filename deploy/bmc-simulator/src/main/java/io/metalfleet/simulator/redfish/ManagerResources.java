package io.metalfleet.simulator.redfish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.fleet.MediaSlots;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** {@code Managers/{id}} and its VirtualMedia with the InsertMedia/EjectMedia actions. */
final class ManagerResources {

    private static final String INSERT = "VirtualMedia.InsertMedia";
    private static final String EJECT = "VirtualMedia.EjectMedia";

    private ManagerResources() {
    }

    static Reply manager(Exchange x) {
        ObjectNode d = Json.object();
        d.put("UUID", UUID.nameUUIDFromBytes(("mgr" + x.bmc.identity().uuid()).getBytes()).toString());
        d.put("ServiceEntryPointUUID", x.bmc.identity().uuid());
        d.put("PowerState", "On");
        return Reply.ok(x.t.manager.render(d));
    }

    /** Paths under Managers/{id}/VirtualMedia; GET or POST of an action. */
    static Reply media(Exchange x, String sub, TaskResources tasks) {
        String base = x.t.profile.managerPath() + "/VirtualMedia";
        List<String> slots = x.t.profile.virtualMedia();
        if (sub.isEmpty()) {
            List<String> links = new ArrayList<>();
            slots.forEach(s -> links.add(base + "/" + s));
            return Reply.ok(Json.bytes(Json.collection("VirtualMediaCollection", "Virtual Media Services", base, links)));
        }
        String[] parts = sub.split("/");
        int slot = slots.indexOf(parts[0]);
        if (slot < 0) {
            return null;
        }
        if (parts.length == 1) {
            return x.method.equals("GET") ? slot(x, base, slot) : RedfishErrors.methodNotAllowed(x.t.profile, "GET");
        }
        if (parts.length == 3 && parts[1].equals("Actions") && x.method.equals("POST")) {
            if (parts[2].equals(INSERT)) {
                return insert(x, slot, tasks);
            }
            if (parts[2].equals(EJECT)) {
                x.bmc.media().eject(slot);
                return Reply.noContent();
            }
        }
        return null;
    }

    private static Reply insert(Exchange x, int slot, TaskResources tasks) {
        ObjectNode req = Json.parseObject(x.body);
        String image = req == null ? null : req.path("Image").asText(null);
        if (image == null || image.isBlank()) {
            return RedfishErrors.badRequest(x.t.profile, "Base.1.5.ActionParameterMissing",
                    "The action VirtualMedia.InsertMedia requires the parameter Image to be present in the request body.");
        }
        boolean wp = req.path("WriteProtected").asBoolean(true);
        MediaSlots media = x.bmc.media();
        if (x.t.profile.quirks().longActions().contains(INSERT)) {
            return tasks.accepted(x, INSERT, () -> media.insert(slot, image, wp));
        }
        media.insert(slot, image, wp);
        return Reply.noContent();
    }

    private static Reply slot(Exchange x, String base, int slot) {
        String id = x.t.profile.virtualMedia().get(slot);
        x.bmc.settleTasks(x.now);
        MediaSlots media = x.bmc.media();
        String image = media.image(slot);
        String path = base + "/" + id;
        ObjectNode m = x.t.virtualMedia.deepCopy();
        m.put("@odata.id", path).put("Id", id).put("Name", "VirtualMedia " + id);
        m.put("@odata.etag", x.etag(2 + slot, media.version()));
        m.put("Image", image == null ? "" : image);
        m.put("ImageName", image == null ? "" : image.substring(image.lastIndexOf('/') + 1));
        m.put("Inserted", image != null);
        m.put("WriteProtected", image == null || media.writeProtected(slot));
        m.put("ConnectedVia", image == null ? "NotConnected" : "URI");
        ObjectNode actions = m.putObject("Actions");
        actions.putObject("#" + EJECT).put("target", path + "/Actions/" + EJECT);
        actions.putObject("#" + INSERT).put("target", path + "/Actions/" + INSERT);
        return Reply.ok(Json.bytes(m)).etag(m.get("@odata.etag").asText());
    }
}
