package io.metalfleet.provisioning.redfish.vendor;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What differs between BMC vendors, in one small place per vendor, chosen once from the service
 * root's Vendor/Oem. Generic code asks the hook; it never tests a vendor name itself.
 */
public interface VendorHooks {

    String name();

    /**
     * The {@code Boot} object of a boot override PATCH. {@code currentMode} is what the BMC reports now
     * (UEFI or Legacy, may be null).
     */
    ObjectNode bootOverride(String target, String enabled, String currentMode, String httpBootUri);

    /**
     * True when a PATCH must be preceded by a GET for its ETag even when the caller has none (the BMC
     * answers 428 without If-Match). Every PATCH of ours carries If-Match anyway when an ETag is known.
     */
    default boolean requiresIfMatch() {
        return false;
    }

    /** The alternative form of an ETag to try once after a 412 (weak ↔ strong), or null. */
    default String alternateEtag(String etag) {
        if (etag == null) {
            return null;
        }
        return etag.startsWith("W/") ? etag.substring(2) : "W/" + etag;
    }
}
