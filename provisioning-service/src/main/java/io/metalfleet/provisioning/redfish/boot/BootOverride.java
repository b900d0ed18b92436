package io.metalfleet.provisioning.redfish.boot;

/** A boot source override: target (Pxe, Hdd, Cd, UefiHttp…), Once or Continuous, and the URI for UefiHttp. */
public record BootOverride(String target, String enabled, String httpBootUri) {

    public static BootOverride oncePxe() {
        return new BootOverride("Pxe", "Once", null);
    }
}
