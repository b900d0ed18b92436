package io.metalfleet.simulator.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.fleet.Host;
import io.metalfleet.simulator.profile.HardwareShape;

/**
 * {@code Chassis/{id}} with Power and Thermal readings that follow the host: an idle chassis draws a
 * few watts, a running one draws per CPU and GPU, and temperatures follow the draw.
 */
final class ChassisResources {

    private ChassisResources() {
    }

    static Reply chassis(Exchange x) {
        String power = x.bmc.host().powerState(x.now);
        ObjectNode d = Json.object();
        d.put("SerialNumber", x.bmc.identity().serialNumber());
        d.put("AssetTag", x.bmc.identity().assetTag());
        d.put("PowerState", power);
        d.put("UUID", x.bmc.identity().uuid());
        return Reply.ok(x.t.chassis.render(d));
    }

    static Reply power(Exchange x) {
        int watts = watts(x);
        ObjectNode p = x.t.power.deepCopy();
        JsonNode controls = p.path("PowerControl");
        if (controls.isArray() && controls.size() > 0 && controls.get(0) instanceof ObjectNode pc) {
            pc.put("PowerConsumedWatts", watts);
            if (pc.get("PowerMetrics") instanceof ObjectNode m) {
                m.put("AverageConsumedWatts", watts).put("MinConsumedWatts", Math.max(0, watts - 20))
                        .put("MaxConsumedWatts", watts + 40);
            }
        } else {
            p.putArray("PowerControl").addObject().put("MemberId", "0").put("Name", "System Input Power")
                    .put("PowerConsumedWatts", watts);
        }
        return Reply.ok(Json.bytes(p));
    }

    static Reply thermal(Exchange x) {
        int watts = watts(x);
        ObjectNode t = x.t.thermal.deepCopy();
        for (JsonNode s : t.path("Temperatures")) {
            if (s instanceof ObjectNode o && o.has("ReadingCelsius") && o.get("ReadingCelsius").isNumber()) {
                o.put("ReadingCelsius", 22 + watts / 40);
            }
        }
        return Reply.ok(Json.bytes(t));
    }

    private static int watts(Exchange x) {
        String state = x.bmc.host().powerState(x.now);
        HardwareShape hw = x.bmc.hardware();
        if (state.equals(Host.OFF)) {
            return 8;
        }
        return 90 + hw.sockets() * 120 + hw.dimmCount() * 4 + hw.gpuCount() * 350 + (x.bmc.index() % 17);
    }
}
