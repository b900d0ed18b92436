package io.metalfleet.inventory.api.dto;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The Server resource exactly as seed 000 shows it. */
@Schema(name = "Server", description = "An enrolled server.")
@JsonPropertyOrder({ "selfLink", "uid", "id", "displayName", "description", "hardwareSpecs", "bmcAddress",
        "provisioningState", "healthStatus", "tags", "persona", "createdAt", "updatedAt" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ServerView(
        @Schema(examples = "/v1/regions/us-texas-1/projects/project-x9y8z7/infrastructure/servers/server-p7q8r9") String selfLink,
        UUID uid,
        @Schema(examples = "server-p7q8r9") String id,
        String displayName,
        String description,
        HardwareSpecs hardwareSpecs,
        String bmcAddress,
        @Schema(enumeration = { "registered", "inspecting", "available", "provisioning", "provisioned",
                "deprovisioning", "error", "deleting" }) String provisioningState,
        HealthStatus healthStatus,
        Map<String, String> tags,
        String persona,
        Instant createdAt,
        Instant updatedAt) {

    @Schema(description = "What inspection found; empty objects until the server is inspected.")
    @JsonPropertyOrder({ "cpu", "ram", "gpu" })
    public record HardwareSpecs(Map<String, Object> cpu, Map<String, Object> ram, Map<String, Object> gpu) {
    }

    @JsonPropertyOrder({ "status", "lastCheckTime", "failureReasons" })
    public record HealthStatus(
            @Schema(enumeration = { "unknown", "healthy", "degraded", "unhealthy", "unreachable" }) String status,
            Instant lastCheckTime,
            List<String> failureReasons) {
    }
}
