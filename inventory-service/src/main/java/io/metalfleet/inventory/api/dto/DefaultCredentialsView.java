package io.metalfleet.inventory.api.dto;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Whether a project has default BMC credentials; the password is never shown.")
public record DefaultCredentialsView(String username, boolean configured, Instant updatedAt) {
}
