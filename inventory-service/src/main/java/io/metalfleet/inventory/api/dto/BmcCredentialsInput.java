package io.metalfleet.inventory.api.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "BMC login; write-only, stored encrypted, never returned.")
public record BmcCredentialsInput(
        @Schema(required = true, examples = "admin") @NotBlank @Size(max = 64) String username,
        @Schema(required = true, writeOnly = true) @NotBlank @Size(max = 256) String password) {

    @Override
    public String toString() {
        return "BmcCredentialsInput[username=" + username + ", password=***]";
    }
}
