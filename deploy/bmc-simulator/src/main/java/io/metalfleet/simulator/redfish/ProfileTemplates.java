package io.metalfleet.simulator.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.profile.MockupTree;
import io.metalfleet.simulator.profile.VendorProfile;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The templates of one BMC model, cut once from its real tree: which fields stay as the vendor wrote
 * them and which are per-BMC. Shared by every BMC of the model.
 */
public final class ProfileTemplates {

    private static final Map<VendorProfile, ProfileTemplates> CACHE = new ConcurrentHashMap<>();

    public final VendorProfile profile;
    public final MockupTree tree;
    public final Template root;
    /** What the root advertises of {@code $expand} (checked by the STANDARD dialect). */
    final Expansion.Support expandSupport;
    public final Template system;
    public final ObjectNode bootBase;
    public final ObjectNode processor;
    public final ObjectNode memory;
    public final ObjectNode ethernet;
    public final Template manager;
    public final ObjectNode virtualMedia;
    public final Template chassis;
    public final ObjectNode power;
    public final ObjectNode thermal;
    public final String cpuIdPrefix;
    public final String dimmIdPrefix;
    public final boolean macIds;

    private ProfileTemplates(VendorProfile p) {
        this.profile = p;
        this.tree = MockupTree.of(p);
        ObjectNode rootNode = rootBase();
        this.root = new Template(rootNode, "UUID", "@odata.etag");
        this.expandSupport = Expansion.Support.of(rootNode.path("ProtocolFeaturesSupported").path("ExpandQuery"));
        ObjectNode sys = tree.node(p.systemPath());
        sys.put("Manufacturer", p.manufacturer()).put("Model", p.model());
        sys.set("Storage", Json.link(p.systemPath() + "/Storage"));
        sys.remove("SimpleStorage");
        ObjectNode reset = Json.object();
        reset.put("target", p.systemPath() + "/Actions/ComputerSystem.Reset");
        ArrayNode allowed = reset.putArray("ResetType@Redfish.AllowableValues");
        p.resetTypes().forEach(allowed::add);
        ObjectNode actions = sys.has("Actions") ? (ObjectNode) sys.get("Actions") : sys.putObject("Actions");
        actions.set("#ComputerSystem.Reset", reset);
        this.bootBase = sys.has("Boot") ? (ObjectNode) sys.get("Boot").deepCopy() : Json.object();
        this.system = new Template(sys, "@odata.etag", "UUID", "SerialNumber", "AssetTag", "HostName", "PowerState",
                "Boot", "BootProgress", "ProcessorSummary", "MemorySummary", "Status", "LastResetTime");
        this.processor = firstMember(p.systemPath() + "/Processors");
        this.memory = firstMember(p.systemPath() + "/Memory");
        this.ethernet = firstMember(p.systemPath() + "/EthernetInterfaces");
        this.cpuIdPrefix = stripDigits(processor.path("Id").asText("CPU"));
        this.dimmIdPrefix = stripDigits(memory.path("Id").asText("DIMM"));
        this.macIds = ethernet.path("Id").asText("").matches("[0-9A-Fa-f]{12}");
        ObjectNode mgr = tree.node(p.managerPath());
        mgr.set("VirtualMedia", Json.link(p.managerPath() + "/VirtualMedia"));
        this.manager = new Template(mgr, "UUID", "@odata.etag", "PowerState", "ServiceEntryPointUUID");
        this.virtualMedia = mediaBase();
        ObjectNode ch = tree.node(p.chassisPath());
        ch.put("Manufacturer", p.manufacturer()).put("Model", p.model());
        this.chassis = new Template(ch, "@odata.etag", "SerialNumber", "AssetTag", "PowerState", "UUID");
        this.power = tree.node(p.chassisPath() + "/Power");
        this.thermal = tree.node(p.chassisPath() + "/Thermal");
    }

    public static ProfileTemplates of(VendorProfile p) {
        return CACHE.computeIfAbsent(p, ProfileTemplates::new);
    }

    /** The vendor identity an engine keys its hooks on: Vendor, Product and an Oem section. */
    private ObjectNode rootBase() {
        ObjectNode r = tree.node("/redfish/v1");
        r.put("Vendor", profile.vendor());
        if (!r.has("Product")) {
            r.put("Product", profile.model());
        }
        if (!r.has("Oem")) {
            ObjectNode oem = r.putObject("Oem").putObject(profile.oemKey());
            oem.put("@odata.type", "#" + profile.oemKey() + "ServiceRoot.v1_0_0.ServiceRoot");
            oem.put("Profile", profile.id());
            oem.put("Simulated", true);
        }
        if (!profile.quirks().expand().advertised() && r.path("ProtocolFeaturesSupported").isObject()) {
            ((ObjectNode) r.get("ProtocolFeaturesSupported")).remove("ExpandQuery");
        }
        return r;
    }

    private ObjectNode mediaBase() {
        String hpeStyle = profile.managerPath() + "/VirtualMedia/" + profile.virtualMedia().get(0);
        ObjectNode m = tree.has(hpeStyle) ? tree.node(hpeStyle) : tree.node(profile.systemPath() + "/VirtualMedia/CD1");
        for (String k : new String[] {"@odata.id", "@odata.etag", "Id", "Image", "ImageName", "Inserted",
            "WriteProtected", "ConnectedVia", "Actions", "Certificates", "TransferMethod", "Oem", "Name"}) {
            m.remove(k);
        }
        return m;
    }

    private ObjectNode firstMember(String collection) {
        JsonNode members = tree.node(collection).path("Members");
        for (JsonNode m : members) {
            String path = m.path("@odata.id").asText();
            if (tree.has(path)) {
                ObjectNode n = tree.node(path);
                if (!"FPGA".equals(n.path("ProcessorType").asText())) {
                    n.remove("Oem");
                    n.remove("@odata.etag");
                    return n;
                }
            }
        }
        return Json.object();
    }

    private static String stripDigits(String id) {
        return id.replaceAll("\\d+$", "");
    }
}
