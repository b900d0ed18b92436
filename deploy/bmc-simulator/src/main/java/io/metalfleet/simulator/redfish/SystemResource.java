package io.metalfleet.simulator.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.fleet.Host;
import io.metalfleet.simulator.fleet.RenderedSystem;
import io.metalfleet.simulator.profile.HardwareShape;
import io.metalfleet.simulator.profile.VendorProfile;

import java.util.List;
import java.util.Set;

/** {@code Systems/{id}}: GET, PATCH of the boot override (with ETag rules) and the Reset action. */
final class SystemResource {

    static final int ETAG_KIND = 1;
    private static final List<String> ENABLED = List.of("Disabled", "Once", "Continuous");
    private static final List<String> MODES = List.of("UEFI", "Legacy");
    private static final Set<String> WRITABLE = Set.of("Boot");

    private SystemResource() {
    }

    static String currentEtag(Exchange x) {
        return x.etag(ETAG_KIND, x.bmc.host().snapshot(x.now).version());
    }

    /** Re-rendered only when what it shows changed (see {@link RenderedSystem}): most reads are polls of a steady host. */
    static Reply get(Exchange x) {
        Host.Snapshot s = x.bmc.host().snapshot(x.now);
        RenderedSystem last = x.bmc.renderedSystem();
        if (last == null || !last.shows(s)) {
            String etag = x.etag(ETAG_KIND, s.version());
            last = new RenderedSystem(s.version(), s.powerState(), s.bootProgress(), x.t.system.tail(fields(x, s, etag)),
                    etag);
            x.bmc.renderedSystem(last);
        }
        return Reply.ok(x.t.system.withTail(last.tail())).etag(last.etag());
    }

    /** The per-BMC fields of the System, on the profile's template. */
    private static ObjectNode fields(Exchange x, Host.Snapshot s, String etag) {
        HardwareShape hw = x.bmc.hardware();
        ObjectNode d = Json.object();
        d.put("@odata.etag", etag);
        d.put("UUID", x.bmc.identity().uuid());
        d.put("SerialNumber", x.bmc.identity().serialNumber());
        d.put("AssetTag", x.bmc.identity().assetTag());
        d.put("HostName", x.bmc.identity().hostName());
        d.put("PowerState", s.powerState());
        ObjectNode status = d.putObject("Status");
        status.put("State", "Enabled").put("Health", "OK").put("HealthRollup", "OK");
        ObjectNode boot = x.t.bootBase.deepCopy();
        boot.put("BootSourceOverrideTarget", s.overrideTarget());
        boot.put("BootSourceOverrideEnabled", s.overrideEnabled());
        boot.put("BootSourceOverrideMode", s.overrideMode());
        ArrayNode targets = boot.putArray("BootSourceOverrideTarget@Redfish.AllowableValues");
        x.t.profile.bootTargets().forEach(targets::add);
        ArrayNode modes = boot.putArray("BootSourceOverrideMode@Redfish.AllowableValues");
        MODES.forEach(modes::add);
        d.set("Boot", boot);
        d.putObject("BootProgress").put("LastState", s.bootProgress());
        if (s.lastBootAt() >= 0) {
            // as the DMTF mockup carries it; milliseconds so that two reboots within a second differ
            d.put("LastResetTime", java.time.Instant.ofEpochMilli(s.lastBootAt()).toString());
        }
        ObjectNode cpu = d.putObject("ProcessorSummary");
        cpu.put("Count", hw.sockets()).put("CoreCount", hw.totalCores())
                .put("LogicalProcessorCount", hw.totalThreads()).put("Model", hw.cpuModel());
        cpu.putObject("Status").put("State", "Enabled").put("Health", "OK");
        ObjectNode mem = d.putObject("MemorySummary");
        mem.put("TotalSystemMemoryGiB", hw.memoryGiB()).put("TotalSystemPersistentMemoryGiB", 0);
        mem.putObject("Status").put("State", "Enabled").put("Health", "OK");
        return d;
    }

    static Reply patch(Exchange x) {
        VendorProfile p = x.t.profile;
        String ifMatch = x.header("If-Match");
        if (ifMatch == null && p.quirks().requireIfMatch()) {
            return RedfishErrors.error(p, 428, "Base.1.5.PreconditionRequired",
                    "A precondition header or annotation is required to change this resource.");
        }
        if (ifMatch != null && !Exchange.etagMatches(ifMatch, currentEtag(x))) {
            return RedfishErrors.error(p, 412, "Base.1.5.PreconditionFailed",
                    "The ETag supplied did not match the ETag required to change this resource.");
        }
        ObjectNode req = Json.parseObject(x.body);
        if (req == null) {
            return RedfishErrors.badRequest(p, "Base.1.5.MalformedJSON", "The request body submitted was malformed JSON.");
        }
        for (var it = req.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!WRITABLE.contains(f)) {
                return RedfishErrors.badRequest(p, "Base.1.5.PropertyNotWritable",
                        "The property " + f + " is a read only property and cannot be assigned a value.");
            }
        }
        JsonNode boot = req.path("Boot");
        String target = text(boot, "BootSourceOverrideTarget");
        String enabled = text(boot, "BootSourceOverrideEnabled");
        String mode = text(boot, "BootSourceOverrideMode");
        Reply bad = checkValue(p, "BootSourceOverrideTarget", target, p.bootTargets());
        bad = bad != null ? bad : checkValue(p, "BootSourceOverrideEnabled", enabled, ENABLED);
        bad = bad != null ? bad : checkValue(p, "BootSourceOverrideMode", mode, MODES);
        if (bad != null) {
            return bad;
        }
        x.bmc.host().setOverride(target, enabled, mode, p.quirks().overrideMustEchoMode(), x.now);
        return Reply.noContent().etag(currentEtag(x));
    }

    static Reply reset(Exchange x, TaskResources tasks) {
        VendorProfile p = x.t.profile;
        ObjectNode req = Json.parseObject(x.body);
        String type = req == null ? null : text(req, "ResetType");
        if (type == null) {
            return RedfishErrors.badRequest(p, "Base.1.5.ActionParameterMissing",
                    "The action ComputerSystem.Reset requires the parameter ResetType to be present in the request body.");
        }
        if (!p.resetTypes().contains(type)) {
            return RedfishErrors.badRequest(p, "Base.1.5.ActionParameterValueNotInList",
                    "The value " + type + " for the parameter ResetType in the action ComputerSystem.Reset is not in the list of acceptable values.");
        }
        x.bmc.counters().resetReceived();
        x.bmc.host().reset(type, x.now, p.quirks().resetLandDelay().toMillis());
        if (p.quirks().longActions().contains("ComputerSystem.Reset")) {
            return tasks.accepted(x, "ComputerSystem.Reset", null);
        }
        return Reply.noContent();
    }

    private static Reply checkValue(VendorProfile p, String prop, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            return RedfishErrors.badRequest(p, "Base.1.5.PropertyValueNotInList",
                    "The value " + value + " for the property " + prop + " is not in the list of acceptable values.");
        }
        return null;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
