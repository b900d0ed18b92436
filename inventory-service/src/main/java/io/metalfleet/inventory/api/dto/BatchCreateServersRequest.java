package io.metalfleet.inventory.api.dto;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Bulk enrollment request: at most 1,000 servers.")
public record BatchCreateServersRequest(
        @Schema(description = "Array of server registration requests.", required = true)
        @NotEmpty @Size(max = 1000, message = "at most 1000 servers per request") List<ServerEnrollment> servers) {
}
