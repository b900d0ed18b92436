package io.metalfleet.provisioning.redfish.vendor;

import com.fasterxml.jackson.databind.JsonNode;

/** What discovery learnt of one BMC, kept for the engine's later calls: vendor hooks and resource paths. */
public record BmcProfile(String vendor, VendorHooks hooks, String systemPath, String managerPath, String chassisPath) {

    /** The hooks for a service root: HPE by Vendor or by its Oem section, everything else generic. */
    public static VendorHooks hooksFor(JsonNode serviceRoot) {
        String vendor = serviceRoot.path("Vendor").asText("");
        if (vendor.equalsIgnoreCase("HPE") || vendor.equalsIgnoreCase("Hewlett Packard Enterprise")
                || serviceRoot.path("Oem").has("Hpe") || serviceRoot.path("Oem").has("Hp")) {
            return new HpeHooks();
        }
        return new GenericHooks();
    }
}
