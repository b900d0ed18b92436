package io.metalfleet.provisioning.redfish.vendor;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * HPE iLO: a PATCH without If-Match answers 428, and a boot override that omits
 * BootSourceOverrideMode silently falls back to Legacy ("PXE boots in BIOS mode"), so the mode the
 * machine has is always repeated.
 */
public final class HpeHooks extends GenericHooks {

    @Override
    public String name() {
        return "hpe";
    }

    @Override
    public boolean requiresIfMatch() {
        return true;
    }

    @Override
    public ObjectNode bootOverride(String target, String enabled, String currentMode, String httpBootUri) {
        ObjectNode boot = super.bootOverride(target, enabled, currentMode, httpBootUri);
        if (!boot.has("BootSourceOverrideMode")) {
            boot.put("BootSourceOverrideMode", currentMode == null ? "UEFI" : currentMode);
        }
        return boot;
    }
}
