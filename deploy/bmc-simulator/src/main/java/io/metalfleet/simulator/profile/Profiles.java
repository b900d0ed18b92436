package io.metalfleet.simulator.profile;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The three built-in BMC models. Their quirk defaults are what operators meet on such machines. */
public final class Profiles {

    public static final String DMTF = "dmtf";
    public static final String HPE = "hpe";
    public static final String GPU = "gpu";

    private static final List<String> STANDARD_RESETS = List.of(
            "On", "ForceOff", "GracefulShutdown", "ForceRestart", "GracefulRestart", "PowerCycle", "Nmi",
            "PushPowerButton");

    private Profiles() {
    }

    public static List<VendorProfile> all() {
        return List.of(dmtf(), hpe(), gpu());
    }

    public static VendorProfile byId(String id) {
        return switch (id) {
            case DMTF -> dmtf();
            case HPE -> hpe();
            case GPU -> gpu();
            default -> throw new IllegalArgumentException("unknown profile " + id + " (dmtf, hpe, gpu)");
        };
    }

    /** DMTF's public-rackmount1 mockup: the reference behaviour, a long-running InsertMedia. */
    public static VendorProfile dmtf() {
        Quirks q = Quirks.plain().withLongActions(Set.of("VirtualMedia.InsertMedia"), Duration.ofSeconds(2));
        return new VendorProfile(DMTF, "Contoso", "Contoso", "Contoso", "3500", "dmtf-public-rackmount1", Map.of(),
                "437XR1138R2", "BMC", "1U", STANDARD_RESETS,
                List.of("None", "Pxe", "Cd", "Usb", "Hdd", "BiosSetup", "Utilities", "Diags", "UefiTarget"),
                List.of("CD1", "Floppy1"), "437XR", 0x12446A, q,
                List.of(new CpuOption("Intel(R) Corporation", "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", 32, 3200),
                        new CpuOption("Intel(R) Corporation", "Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz", 16, 3400),
                        new CpuOption("Intel(R) Corporation", "Intel(R) Xeon(R) Gold 5318Y CPU @ 2.10GHz", 24, 3400)),
                List.of(1, 2, 2), List.of(4, 8), List.of(16, 32, 64), List.of(), List.of(), 2);
    }

    /**
     * HPE ProLiant DL325 Gen10 Plus (iLO 5): PATCH needs If-Match, a boot override that does not repeat
     * BootSourceOverrideMode falls back to Legacy, session limit answered 400 in iLO's error style. No
     * PowerCycle in its AllowableValues, as on the real machine.
     */
    public static VendorProfile hpe() {
        Quirks q = new Quirks(8, 400, "Base.1.4.CreateLimitReachedForResource", true, true,
                Duration.ZERO, Duration.ZERO, Set.of(), Duration.ofSeconds(2), "iLO.0.10.ExtendedInfo",
                ExpandDialect.ILO);
        return new VendorProfile(HPE, "HPE", "Hpe", "HPE", "ProLiant DL325 Gen10 Plus",
                "hpe-proliant-dl325-gen10plus", Map.of(), "1", "1", "1",
                List.of("On", "ForceOff", "GracefulShutdown", "ForceRestart", "Nmi", "PushPowerButton",
                        "GracefulRestart"),
                List.of("None", "Cd", "Hdd", "Usb", "SDCard", "Utilities", "Diags", "BiosSetup", "Pxe", "UefiShell",
                        "UefiHttp", "UefiTarget"),
                List.of("1", "2"), "MXQ", 0x9440C9, q,
                List.of(new CpuOption("Advanced Micro Devices, Inc.", "AMD EPYC 7302P 16-Core Processor", 16, 3300),
                        new CpuOption("Advanced Micro Devices, Inc.", "AMD EPYC 7402P 24-Core Processor", 24, 3350),
                        new CpuOption("Advanced Micro Devices, Inc.", "AMD EPYC 7502P 32-Core Processor", 32, 3350)),
                List.of(1), List.of(4, 8, 16), List.of(16, 32), List.of(), List.of(), 4);
    }

    /**
     * A generic GPU server (OpenBMC-like), served from the DMTF tree under ids "1"/"bmc": a lower session
     * cap, 503 "not ready" for a while after a power change, a Reset that lands late, Reset as a long task.
     */
    public static VendorProfile gpu() {
        Quirks q = new Quirks(4, 503, "Base.1.5.CreateLimitReachedForResource", false, false,
                Duration.ofMillis(1500), Duration.ofMillis(1000), Set.of("ComputerSystem.Reset"),
                Duration.ofMillis(1500), "Base.1.5.GeneralError", ExpandDialect.STANDARD);
        Map<String, String> rewrites = Map.of(
                "/Systems/437XR1138R2", "/Systems/1", "\"437XR1138R2\"", "\"1\"",
                "/Chassis/1U", "/Chassis/1", "\"1U\"", "\"1\"",
                "/Managers/BMC", "/Managers/bmc", "\"Id\": \"BMC\"", "\"Id\": \"bmc\"", "Contoso", "Generic");
        return new VendorProfile(GPU, "Generic", "Generic", "Generic", "GPU Server G8", "dmtf-public-rackmount1",
                rewrites, "1", "bmc", "1", List.of("On", "ForceOff", "GracefulShutdown", "ForceRestart",
                        "GracefulRestart", "PowerCycle"),
                List.of("None", "Pxe", "Cd", "Usb", "Hdd", "BiosSetup", "UefiHttp"),
                List.of("CD1", "USB1"), "G8", 0x3CECEF, q,
                List.of(new CpuOption("Advanced Micro Devices, Inc.", "AMD EPYC 9654 96-Core Processor", 96, 3700),
                        new CpuOption("Intel(R) Corporation", "Intel(R) Xeon(R) Platinum 8480+", 56, 3800)),
                List.of(2), List.of(12, 16), List.of(64, 96), List.of(
                        new GpuOption("NVIDIA Corporation", "NVIDIA H100 80GB HBM3", 80),
                        new GpuOption("NVIDIA Corporation", "NVIDIA A100-SXM4-80GB", 80),
                        new GpuOption("Advanced Micro Devices, Inc.", "AMD Instinct MI300X", 192)),
                List.of(4, 8, 8), 4);
    }
}
