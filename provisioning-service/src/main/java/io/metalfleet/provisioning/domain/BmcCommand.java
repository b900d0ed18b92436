package io.metalfleet.provisioning.domain;

import java.util.LinkedHashMap;
import java.util.Map;

import io.metalfleet.provisioning.redfish.boot.BootOverride;
import io.metalfleet.provisioning.redfish.power.PowerAction;

/**
 * What one server of a fleet operation is to do: the data of a {@code bmc.command} record, and what a replica taking
 * over an abandoned item reads back from the operation. One shape for both, so both run the same way.
 */
public record BmcCommand(String operationId, String serverId, String action, String bootTarget, String bootEnabled,
        String httpBootUri) {

    /** The command's data as published on {@code provisioning.commands}. */
    public Map<String, Object> data() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("operationId", operationId);
        data.put("serverId", serverId);
        data.put("action", action);
        if (bootTarget != null) {
            Map<String, Object> boot = new LinkedHashMap<>();
            boot.put("target", bootTarget);
            boot.put("enabled", bootEnabled);
            boot.put("httpBootUri", httpBootUri);
            data.put("bootOverride", boot);
        }
        return data;
    }

    public PowerAction powerAction() {
        return action == null ? null : PowerAction.valueOf(action);
    }

    public BootOverride bootOverride() {
        return bootTarget == null ? null : new BootOverride(bootTarget, bootEnabled == null ? "Once" : bootEnabled, httpBootUri);
    }
}
