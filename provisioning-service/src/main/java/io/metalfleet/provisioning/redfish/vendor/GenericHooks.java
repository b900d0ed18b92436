package io.metalfleet.provisioning.redfish.vendor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The DMTF behaviour: send what changes, keep the mode the BMC has. */
public class GenericHooks implements VendorHooks {

    @Override
    public String name() {
        return "generic";
    }

    @Override
    public ObjectNode bootOverride(String target, String enabled, String currentMode, String httpBootUri) {
        ObjectNode boot = JsonNodeFactory.instance.objectNode();
        boot.put("BootSourceOverrideTarget", target);
        boot.put("BootSourceOverrideEnabled", enabled);
        if ("UefiHttp".equals(target)) {
            // HTTP boot exists only in UEFI mode
            boot.put("BootSourceOverrideMode", "UEFI");
            if (httpBootUri != null) {
                boot.put("HttpBootUri", httpBootUri);
            }
        }
        return boot;
    }
}
