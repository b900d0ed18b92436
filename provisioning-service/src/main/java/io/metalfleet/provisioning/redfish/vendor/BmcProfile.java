package io.metalfleet.provisioning.redfish.vendor;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What discovery learnt of one BMC, kept for the engine's later calls: vendor hooks, resource paths and
 * what it offers of {@code $expand}.
 */
public record BmcProfile(String vendor, VendorHooks hooks, String systemPath, String managerPath, String chassisPath,
        ExpandSupport expand) {

    /** The same BMC read without {@code $expand} (it advertised the query but refused it). */
    public BmcProfile withoutExpand() {
        return new BmcProfile(vendor, hooks, systemPath, managerPath, chassisPath, ExpandSupport.NONE);
    }

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
