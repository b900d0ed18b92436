package io.metalfleet.simulator.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.profile.HardwareShape;
import io.metalfleet.simulator.redfish.Json;

/**
 * The inventory of a fleet: everything enrollment needs (address, credentials) and everything a test
 * compares inspection results with (identity, expected hardware).
 */
public final class Inventory {

    private Inventory() {
    }

    public static ObjectNode entry(BmcState b, String host, boolean https) {
        ObjectNode e = Json.object();
        e.put("index", b.index());
        e.put("address", host + ":" + b.port());
        e.put("url", (https ? "https://" : "http://") + host + ":" + b.port());
        e.put("host", host).put("port", b.port());
        e.put("username", b.identity().username()).put("password", b.identity().password());
        e.put("vendor", b.profile().vendor()).put("profile", b.profile().id());
        e.put("systemPath", b.profile().systemPath()).put("managerPath", b.profile().managerPath())
                .put("chassisPath", b.profile().chassisPath());
        e.put("uuid", b.identity().uuid()).put("serialNumber", b.identity().serialNumber())
                .put("assetTag", b.identity().assetTag()).put("hostName", b.identity().hostName());
        ArrayNode macs = e.putArray("macAddresses");
        for (int i = 0; i < b.hardware().nicCount(); i++) {
            macs.add(b.identity().mac(i));
        }
        e.set("expectedHardware", hardware(b.hardware()));
        return e;
    }

    public static ObjectNode hardware(HardwareShape hw) {
        ObjectNode h = Json.object();
        h.put("cpuManufacturer", hw.cpuManufacturer()).put("cpuModel", hw.cpuModel()).put("cpuCount", hw.sockets())
                .put("coresPerCpu", hw.coresPerSocket()).put("totalCores", hw.totalCores())
                .put("totalThreads", hw.totalThreads()).put("memoryGiB", hw.memoryGiB())
                .put("dimmCount", hw.dimmCount()).put("dimmSizeMiB", hw.dimmSizeMiB())
                .put("gpuCount", hw.gpuCount()).put("nicCount", hw.nicCount()).put("diskCount", hw.diskCount())
                .put("diskSizeBytes", hw.diskSizeBytes());
        if (hw.gpuCount() > 0) {
            h.put("gpuManufacturer", hw.gpuManufacturer()).put("gpuModel", hw.gpuModel());
        }
        return h;
    }
}
