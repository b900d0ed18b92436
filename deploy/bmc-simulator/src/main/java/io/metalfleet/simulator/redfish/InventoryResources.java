package io.metalfleet.simulator.redfish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.fleet.Identity;
import io.metalfleet.simulator.profile.CpuOption;
import io.metalfleet.simulator.profile.GpuOption;
import io.metalfleet.simulator.profile.HardwareShape;

import java.util.ArrayList;
import java.util.List;

/**
 * Processors, Memory, EthernetInterfaces and Storage, generated from the hardware shape on top of the
 * vendor's member templates, so that inspection finds exactly what the inventory promised.
 */
final class InventoryResources {

    private InventoryResources() {
    }

    /** Answers a path under Systems/{id}/; null when the path is not one of these. */
    static Reply handle(Exchange x, String sub) {
        String sys = x.t.profile.systemPath();
        return switch (sub) {
            case "Processors" -> collection(x, "ProcessorCollection", "Processors Collection", sys + "/Processors", processorIds(x));
            case "Memory" -> collection(x, "MemoryCollection", "Memory Collection", sys + "/Memory", dimmIds(x));
            case "EthernetInterfaces" -> collection(x, "EthernetInterfaceCollection", "Ethernet Interface Collection",
                    sys + "/EthernetInterfaces", nicIds(x));
            case "Storage" -> collection(x, "StorageCollection", "Storage Collection", sys + "/Storage", List.of("1"));
            case "Storage/1" -> storage(x);
            default -> member(x, sub);
        };
    }

    private static Reply member(Exchange x, String sub) {
        int slash = sub.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String kind = sub.substring(0, slash);
        String id = sub.substring(slash + 1);
        return switch (kind) {
            case "Processors" -> processor(x, id);
            case "Memory" -> dimm(x, id);
            case "EthernetInterfaces" -> nic(x, id);
            case "Storage" -> id.startsWith("1/Drives/") ? drive(x, id.substring("1/Drives/".length())) : null;
            default -> null;
        };
    }

    private static Reply collection(Exchange x, String type, String name, String path, List<String> ids) {
        List<String> links = new ArrayList<>(ids.size());
        ids.forEach(i -> links.add(path + "/" + i));
        return Reply.ok(Json.bytes(Json.collection(type, name, path, links)));
    }

    private static List<String> processorIds(Exchange x) {
        HardwareShape hw = x.bmc.hardware();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= hw.sockets() + hw.gpuCount(); i++) {
            ids.add(processorId(x, i));
        }
        return ids;
    }

    /** Vendor numbering: iLO counts 1, 2, 3...; the DMTF tree says CPU1, then GPU1 for accelerators. */
    private static String processorId(Exchange x, int n) {
        int sockets = x.bmc.hardware().sockets();
        if (x.t.cpuIdPrefix.isEmpty()) {
            return Integer.toString(n);
        }
        return n <= sockets ? x.t.cpuIdPrefix + n : "GPU" + (n - sockets);
    }

    private static Reply processor(Exchange x, String id) {
        HardwareShape hw = x.bmc.hardware();
        int n = processorIds(x).indexOf(id) + 1;
        if (n == 0) {
            return null;
        }
        ObjectNode p = x.t.processor.deepCopy();
        p.put("@odata.id", x.t.profile.systemPath() + "/Processors/" + id).put("Id", id);
        p.remove("EnvironmentMetrics");
        if (n <= hw.sockets()) {
            CpuOption cpu = x.t.profile.cpuOption(hw.cpuModel());
            p.put("ProcessorType", "CPU").put("Socket", "CPU " + n).put("Manufacturer", hw.cpuManufacturer())
                    .put("Model", hw.cpuModel()).put("TotalCores", hw.coresPerSocket())
                    .put("TotalThreads", hw.coresPerSocket() * hw.threadsPerCore()).put("MaxSpeedMHz", cpu.maxSpeedMHz());
        } else {
            GpuOption gpu = x.t.profile.gpuOption(hw.gpuModel());
            p.put("ProcessorType", "GPU").put("Socket", "GPU " + (n - hw.sockets()))
                    .put("Manufacturer", hw.gpuManufacturer()).put("Model", hw.gpuModel())
                    .put("ProcessorArchitecture", "OEM").put("InstructionSet", "OEM");
            p.remove(List.of("TotalCores", "TotalThreads", "ProcessorId", "OperatingSpeedRangeMHz", "MaxSpeedMHz",
                    "OperatingSpeedMHz", "AdditionalFirmwareVersions"));
            if (gpu != null) {
                p.putArray("ProcessorMemory").addObject().put("MemoryType", "HBM3")
                        .put("CapacityMiB", gpu.memoryGiB() * 1024);
            }
        }
        p.set("Status", Json.object().put("State", "Enabled").put("Health", "OK"));
        return Reply.ok(Json.bytes(p));
    }

    private static List<String> dimmIds(Exchange x) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= x.bmc.hardware().dimmCount(); i++) {
            ids.add(x.t.dimmIdPrefix + i);
        }
        return ids;
    }

    private static Reply dimm(Exchange x, String id) {
        int n = dimmIds(x).indexOf(id) + 1;
        if (n == 0) {
            return null;
        }
        ObjectNode m = x.t.memory.deepCopy();
        m.put("@odata.id", x.t.profile.systemPath() + "/Memory/" + id).put("Id", id).put("Name", "DIMM " + n);
        m.put("CapacityMiB", x.bmc.hardware().dimmSizeMiB());
        m.put("SerialNumber", String.format("%08X", (x.bmc.index() * 64 + n) * 2654435761L & 0xFFFFFFFFL));
        m.remove("EnvironmentMetrics");
        m.set("Status", Json.object().put("State", "Enabled").put("Health", "OK"));
        return Reply.ok(Json.bytes(m));
    }

    private static List<String> nicIds(Exchange x) {
        List<String> ids = new ArrayList<>();
        Identity id = x.bmc.identity();
        for (int i = 0; i < x.bmc.hardware().nicCount(); i++) {
            ids.add(x.t.macIds ? id.mac(i).replace(":", "").toUpperCase() : Integer.toString(i + 1));
        }
        return ids;
    }

    private static Reply nic(Exchange x, String id) {
        int n = nicIds(x).indexOf(id);
        if (n < 0) {
            return null;
        }
        String mac = x.bmc.identity().mac(n);
        ObjectNode e = x.t.ethernet.deepCopy();
        e.put("@odata.id", x.t.profile.systemPath() + "/EthernetInterfaces/" + id).put("Id", id)
                .put("Name", "NIC " + (n + 1)).put("MACAddress", mac).put("PermanentMACAddress", mac)
                .put("HostName", x.bmc.identity().hostName()).put("SpeedMbps", n < 2 ? 25000 : 1000)
                .put("LinkStatus", "LinkUp");
        e.remove(List.of("Links", "FQDN", "IPv6Addresses", "IPv4Addresses", "IPv6DefaultGateway", "UefiDevicePath"));
        return Reply.ok(Json.bytes(e));
    }

    private static Reply storage(Exchange x) {
        String path = x.t.profile.systemPath() + "/Storage/1";
        ObjectNode s = Json.object();
        s.put("@odata.id", path).put("@odata.type", "#Storage.v1_9_0.Storage").put("Id", "1").put("Name", "Storage Controller");
        s.set("Status", Json.object().put("State", "Enabled").put("Health", "OK"));
        var drives = s.putArray("Drives");
        for (int i = 1; i <= x.bmc.hardware().diskCount(); i++) {
            drives.add(Json.link(path + "/Drives/" + i));
        }
        s.put("Drives@odata.count", drives.size());
        return Reply.ok(Json.bytes(s));
    }

    private static Reply drive(Exchange x, String id) {
        int n;
        try {
            n = Integer.parseInt(id);
        } catch (NumberFormatException e) {
            return null;
        }
        if (n < 1 || n > x.bmc.hardware().diskCount()) {
            return null;
        }
        ObjectNode d = Json.object();
        d.put("@odata.id", x.t.profile.systemPath() + "/Storage/1/Drives/" + n).put("@odata.type", "#Drive.v1_12_0.Drive")
                .put("Id", id).put("Name", "Drive " + n).put("MediaType", "SSD").put("Protocol", "NVMe")
                .put("CapacityBytes", x.bmc.hardware().diskSizeBytes())
                .put("SerialNumber", x.bmc.identity().serialNumber() + "-D" + n);
        d.set("Status", Json.object().put("State", "Enabled").put("Health", "OK"));
        return Reply.ok(Json.bytes(d));
    }
}
