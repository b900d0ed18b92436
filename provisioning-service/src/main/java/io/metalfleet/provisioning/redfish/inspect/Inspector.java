package io.metalfleet.provisioning.redfish.inspect;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishConnector;
import io.metalfleet.provisioning.redfish.inspect.HardwareReport.Cpu;
import io.metalfleet.provisioning.redfish.inspect.HardwareReport.Gpu;
import io.metalfleet.provisioning.redfish.inspect.HardwareReport.Nic;
import io.metalfleet.provisioning.redfish.inspect.HardwareReport.Ram;
import io.metalfleet.provisioning.redfish.vendor.BmcProfile;
import io.metalfleet.provisioning.redfish.vendor.Discovery;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Out-of-band inspection: the system (model, serial, summaries), its processors (CPUs and GPUs), the
 * DIMM count from the Memory collection, and every NIC's MAC. The summaries give CPU and memory
 * totals, so DIMMs are counted, not read one by one: about a dozen requests per machine.
 */
public final class Inspector {

    private final RedfishConnector connector;

    public Inspector(RedfishConnector connector) {
        this.connector = connector;
    }

    /**
     * The reads follow one another: a fleet inspection is bound by requests per second, not by one
     * machine's latency, and one connection per BMC keeps 10,000 BMCs within a process's file limit.
     */
    public Uni<HardwareReport> inspect(BmcTarget target) {
        return Discovery.profile(connector, target).chain(profile -> connector.get(target, profile.systemPath())
                .map(r -> r.requireOk("reading the system").json())
                .chain(system -> members(target, system, "Processors")
                        .chain(processors -> count(target, system, "Memory")
                                .chain(dimms -> members(target, system, "EthernetInterfaces")
                                        .map(nics -> report(profile, system, processors, dimms, nics))))));
    }

    private Uni<List<JsonNode>> members(BmcTarget target, JsonNode system, String collection) {
        String path = system.path(collection).path("@odata.id").asText(null);
        if (path == null) {
            return Uni.createFrom().item(List.of());
        }
        return connector.get(target, path).map(r -> r.requireOk("reading " + collection).json().path("Members"))
                .chain(links -> Multi.createFrom().iterable(links)
                        .onItem().transformToUniAndConcatenate(link -> connector.get(target, link.path("@odata.id").asText())
                                .map(r -> r.requireOk("reading " + collection + " member").json()))
                        .collect().asList());
    }

    private Uni<Integer> count(BmcTarget target, JsonNode system, String collection) {
        String path = system.path(collection).path("@odata.id").asText(null);
        if (path == null) {
            return Uni.createFrom().item(0);
        }
        return connector.get(target, path).map(r -> {
            JsonNode body = r.requireOk("reading " + collection).json();
            return body.has("Members@odata.count") ? body.get("Members@odata.count").asInt() : body.path("Members").size();
        });
    }

    private static HardwareReport report(BmcProfile profile, JsonNode system, List<JsonNode> processors, int dimms,
            List<JsonNode> nics) {
        JsonNode summary = system.path("ProcessorSummary");
        List<JsonNode> cpus = processors.stream().filter(p -> p.path("ProcessorType").asText("CPU").equals("CPU")).toList();
        List<JsonNode> gpus = processors.stream().filter(p -> p.path("ProcessorType").asText("").equals("GPU")).toList();
        JsonNode firstCpu = cpus.isEmpty() ? null : cpus.get(0);
        int cores = cpus.stream().mapToInt(p -> p.path("TotalCores").asInt()).sum();
        int threads = cpus.stream().mapToInt(p -> p.path("TotalThreads").asInt()).sum();
        Cpu cpu = new Cpu(
                firstCpu != null ? firstCpu.path("Model").asText(null) : summary.path("Model").asText(null),
                firstCpu != null ? firstCpu.path("Manufacturer").asText(null) : null,
                cpus.isEmpty() ? summary.path("Count").asInt() : cpus.size(),
                cores > 0 ? cores : summary.path("CoreCount").asInt(),
                threads > 0 ? threads : summary.path("LogicalProcessorCount").asInt(),
                firstCpu != null ? firstCpu.path("ProcessorArchitecture").asText("x86") : "x86");
        Ram ram = new Ram(system.path("MemorySummary").path("TotalSystemMemoryGiB").asInt(), dimms);
        Gpu gpu = new Gpu(gpus.size(), gpus.isEmpty() ? null : gpus.get(0).path("Model").asText(null),
                gpus.isEmpty() ? null : gpus.get(0).path("Manufacturer").asText(null));
        List<Nic> nicList = nics.stream().map(n -> new Nic(n.path("Id").asText(),
                n.path("PermanentMACAddress").asText(n.path("MACAddress").asText(null)),
                n.hasNonNull("SpeedMbps") ? n.get("SpeedMbps").asInt() : null, n.path("LinkStatus").asText(null))).toList();
        return new HardwareReport(system.path("Manufacturer").asText(null), system.path("Model").asText(null),
                system.path("SerialNumber").asText(null), system.path("UUID").asText(null), profile.vendor(), cpu, ram, gpu,
                nicList, system.path("PowerState").asText(null));
    }
}
