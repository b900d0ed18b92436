package io.metalfleet.provisioning.api.dto;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A fleet operation: what it does, its state, counts per item state and (on GET one) per-server results. */
@Schema(name = "Operation")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationView(
        @Schema(examples = "op-1b2c3d4e5f6a") String id,
        String selfLink,
        @Schema(examples = "PowerCycle") String action,
        Map<String, String> bootOverride,
        @Schema(enumeration = { "running", "succeeded", "failed", "cancelled" }) String state,
        int total,
        @Schema(description = "items per state: pending, running, succeeded, failed, cancelled") Map<String, Long> counts,
        String createdBy,
        Instant createdAt,
        Instant finishedAt,
        List<Result> results) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String serverId, String state, int attempts, Long durationMs, String powerState, String error,
            @Schema(description = "the replica that ran (or is running) the server's command: its id, as in its log at startup",
                    examples = "3f9c1a7e") String replica) {
    }

    public record Page(List<OperationView> operations) {
    }
}
