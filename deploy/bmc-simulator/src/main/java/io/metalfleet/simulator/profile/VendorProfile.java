package io.metalfleet.simulator.profile;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A BMC model: which real Redfish tree it serves, under which ids, what it allows, its quirks and the
 * hardware distribution machines of this model are drawn from.
 *
 * @param id            short name used on the command line and in the inventory ("dmtf", "hpe", "gpu")
 * @param vendor        the {@code Vendor} of the service root, what an engine picks its hooks from
 * @param oemKey        key under {@code Oem} that carries vendor extensions
 * @param manufacturer  {@code Manufacturer} of system and chassis
 * @param model         {@code Model} of the system
 * @param mockup        resource folder of the real tree (under io/metalfleet/simulator/mockups)
 * @param rewrites      text replacements applied to the tree once when it loads (ids of derived profiles)
 * @param systemId      {@code Systems/{id}} member id
 * @param managerId     {@code Managers/{id}} member id
 * @param chassisId     {@code Chassis/{id}} member id
 * @param resetTypes    {@code ResetType@Redfish.AllowableValues}
 * @param bootTargets   {@code BootSourceOverrideTarget@Redfish.AllowableValues}
 * @param virtualMedia  ids of the manager's virtual media slots
 * @param serialPrefix  serial numbers look like the vendor's (MXQ... for HPE)
 * @param macOui        first three MAC bytes of the host NICs
 */
public record VendorProfile(
        String id,
        String vendor,
        String oemKey,
        String manufacturer,
        String model,
        String mockup,
        Map<String, String> rewrites,
        String systemId,
        String managerId,
        String chassisId,
        List<String> resetTypes,
        List<String> bootTargets,
        List<String> virtualMedia,
        String serialPrefix,
        int macOui,
        Quirks quirks,
        List<CpuOption> cpus,
        List<Integer> socketChoices,
        List<Integer> dimmsPerSocket,
        List<Integer> dimmSizesGiB,
        List<GpuOption> gpus,
        List<Integer> gpuCounts,
        int nicCount) {

    public String systemPath() {
        return "/redfish/v1/Systems/" + systemId;
    }

    public String managerPath() {
        return "/redfish/v1/Managers/" + managerId;
    }

    public String chassisPath() {
        return "/redfish/v1/Chassis/" + chassisId;
    }

    public VendorProfile withQuirks(Quirks q) {
        return new VendorProfile(id, vendor, oemKey, manufacturer, model, mockup, rewrites, systemId, managerId,
                chassisId, resetTypes, bootTargets, virtualMedia, serialPrefix, macOui, q, cpus, socketChoices,
                dimmsPerSocket, dimmSizesGiB, gpus, gpuCounts, nicCount);
    }

    public VendorProfile withResetTypes(List<String> types) {
        return new VendorProfile(id, vendor, oemKey, manufacturer, model, mockup, rewrites, systemId, managerId,
                chassisId, List.copyOf(types), bootTargets, virtualMedia, serialPrefix, macOui, quirks, cpus,
                socketChoices, dimmsPerSocket, dimmSizesGiB, gpus, gpuCounts, nicCount);
    }

    /** This model as it answers when it has no {@code $expand} (nothing advertised; refused or ignored, see {@link ExpandDialect}). */
    public VendorProfile withoutExpand() {
        return withQuirks(quirks.withExpand(quirks.expand().withoutExpand()));
    }

    /** Draws one machine; the caller seeds the generator per BMC so a fleet is reproducible. */
    public HardwareShape drawHardware(Random rnd) {
        CpuOption cpu = pick(rnd, cpus);
        int sockets = pick(rnd, socketChoices);
        int dimms = sockets * pick(rnd, dimmsPerSocket);
        int dimmGiB = pick(rnd, dimmSizesGiB);
        int gpuCount = gpuCounts.isEmpty() ? 0 : pick(rnd, gpuCounts);
        GpuOption gpu = gpuCount == 0 ? null : pick(rnd, gpus);
        int disks = 1 + rnd.nextInt(4);
        long diskBytes = (1L + rnd.nextInt(4)) * 960_197_124_096L;
        return new HardwareShape(cpu.manufacturer(), cpu.model(), sockets, cpu.cores(), 2, dimms, dimmGiB * 1024,
                gpuCount, gpu == null ? null : gpu.manufacturer(), gpu == null ? null : gpu.model(), nicCount,
                disks, diskBytes);
    }

    public CpuOption cpuOption(String model) {
        return cpus.stream().filter(c -> c.model().equals(model)).findFirst().orElse(cpus.get(0));
    }

    public GpuOption gpuOption(String model) {
        return gpus.stream().filter(g -> g.model().equals(model)).findFirst().orElse(null);
    }

    private static <T> T pick(Random rnd, List<T> options) {
        return options.get(rnd.nextInt(options.size()));
    }
}
