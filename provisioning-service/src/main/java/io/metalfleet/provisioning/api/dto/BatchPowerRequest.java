package io.metalfleet.provisioning.api.dto;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code servers:batchPower}: which servers (ids or a selector), what power action, which boot override. */
@Schema(name = "BatchPowerRequest")
public record BatchPowerRequest(
        @Schema(description = "Servers by id (all of the project); exclusive with selector", examples = "[\"server-a1b2c3\"]")
        @Size(max = 20000) List<@Pattern(regexp = "server-[a-z0-9]{6}", message = "must be server- and 6 [a-z0-9]") String> serverIds,
        @Schema(description = "Servers of the project matching every given criterion; exclusive with serverIds")
        @Valid Selector selector,
        @Schema(description = "Power action; may be omitted when only a boot override is set",
                enumeration = { "On", "ForceOff", "GracefulShutdown", "ForceRestart", "GracefulRestart", "PowerCycle" })
        String action,
        @Schema(description = "Boot source override applied before the power action") @Valid BootOverrideInput bootOverride) {

    public record Selector(
            @Schema(description = "tags every selected server carries") Map<String, String> tags,
            @Schema(examples = "worker") String persona,
            @Schema(examples = "available") String provisioningState) {
    }

    public record BootOverrideInput(
            @Schema(enumeration = { "Pxe", "Hdd", "Cd", "UefiHttp" }) @NotBlank String target,
            @Schema(enumeration = { "Once", "Continuous" }, defaultValue = "Once") String enabled,
            @Schema(description = "for UefiHttp: the URI the firmware boots from", examples = "http://images.local/boot.efi")
            String httpBootUri) {
    }
}
