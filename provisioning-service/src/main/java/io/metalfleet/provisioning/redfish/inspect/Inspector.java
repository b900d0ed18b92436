package io.metalfleet.provisioning.redfish.inspect;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.redfish.connector.BmcGate;
import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishConnector;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.redfish.connector.RedfishResponse;
import io.metalfleet.provisioning.redfish.inspect.HardwareReport.Cpu;
import io.metalfleet.provisioning.redfish.inspect.HardwareReport.Gpu;
import io.metalfleet.provisioning.redfish.inspect.HardwareReport.Nic;
import io.metalfleet.provisioning.redfish.inspect.HardwareReport.Ram;
import io.metalfleet.provisioning.redfish.power.PowerControl;
import io.metalfleet.provisioning.redfish.vendor.BmcProfile;
import io.metalfleet.provisioning.redfish.vendor.Discovery;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Out-of-band inspection: the system (model, serial, summaries), its processors (CPUs and GPUs), the
 * DIMM count from the Memory collection, and every NIC's MAC. The summaries give CPU and memory
 * totals, so DIMMs are counted, not read one by one. Where the BMC advertises {@code $expand}, the
 * Processors and EthernetInterfaces collections come with their members inlined: 9 requests per
 * machine at first contact (4 of them discovery, 1 the login), 4 afterwards, instead of 12-22.
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
                .map(r -> {
                    // kept for the first power action (see SystemSnapshot): an enrolled fleet is often re-provisioned next
                    PowerControl.remember(connector, target, r.requireOk("reading the system"));
                    return r.json();
                })
                .chain(system -> members(target, profile, system, "Processors")
                        .chain(processors -> count(target, system, "Memory")
                                .chain(dimms -> members(target, profile, system, "EthernetInterfaces")
                                        .map(nics -> report(profile, system, processors, dimms, nics))))));
    }

    /**
     * The members of one of the system's collections: inlined by {@code $expand} when the BMC offers it,
     * each member not inlined read on its own; the plain collection when the expanded read is refused
     * (and, when that was a definite refusal, the BMC is read without {@code $expand} from here on).
     */
    private Uni<List<JsonNode>> members(BmcTarget target, BmcProfile discovered, JsonNode system, String collection) {
        String path = system.path(collection).path("@odata.id").asText(null);
        if (path == null) {
            return Uni.createFrom().item(List.of());
        }
        BmcGate gate = connector.gate(target);
        // the gate's profile, when known, carries an earlier refusal of $expand by this BMC
        BmcProfile profile = gate.profile() != null ? gate.profile() : discovered;
        String expand = profile.expand().membersQuery();
        if (expand == null) {
            return collection(target, path, collection).chain(links -> read(target, links, collection));
        }
        return connector.get(target, path + "?" + expand).chain(r -> {
            JsonNode members = r.ok() ? membersOf(r) : null;
            if (members == null) {
                if (refused(r)) {
                    gate.profile(profile.withoutExpand());
                }
                return collection(target, path, collection).chain(links -> read(target, links, collection));
            }
            return read(target, members, collection);
        });
    }

    /**
     * A definite "no" to the query (400 QueryNotSupported and the like, 501 Not Implemented, or an answer
     * without members), not a passing failure nor a question of credentials.
     */
    private static boolean refused(RedfishResponse r) {
        int status = r.status();
        return r.ok() || status == 501 || (status >= 400 && status < 500 && status != 401 && status != 403);
    }

    /** The Members array of an answer; null when it has none (or is not JSON). */
    private static JsonNode membersOf(RedfishResponse r) {
        try {
            JsonNode members = r.json().path("Members");
            return members.isArray() ? members : null;
        } catch (RedfishException notJson) {
            return null;
        }
    }

    private Uni<JsonNode> collection(BmcTarget target, String path, String collection) {
        return connector.get(target, path).map(r -> r.requireOk("reading " + collection).json().path("Members"));
    }

    /** Each member as the BMC gave it: inlined ones as they are, links read one after the other. */
    private Uni<List<JsonNode>> read(BmcTarget target, JsonNode members, String collection) {
        return Multi.createFrom().iterable(members)
                .onItem().transformToUniAndConcatenate(member -> inlined(member) ? Uni.createFrom().item(member)
                        : connector.get(target, member.path("@odata.id").asText())
                                .map(r -> r.requireOk("reading " + collection + " member").json()))
                .collect().asList();
    }

    /** An expanded member carries more than its link. */
    private static boolean inlined(JsonNode member) {
        return member.size() > 1 && member.has("@odata.id");
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
