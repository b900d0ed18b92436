package io.metalfleet.provisioning.nodepools.api.dto;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Create a node pool (CCE NodePool): {@code {"kind":"NodePool","apiVersion":"v3","metadata":{"name"},"spec":{…}}}. */
@Schema(name = "NodePoolCreate")
public record NodePoolRequest(
        @NotNull @Pattern(regexp = "NodePool", message = "must be NodePool") String kind,
        @NotNull @Pattern(regexp = "v3", message = "must be v3") String apiVersion,
        @NotNull @Valid Metadata metadata,
        @NotNull @Valid Spec spec) {

    public record Metadata(
            @NotNull @Pattern(regexp = "[a-z]([a-z0-9-]{0,48}[a-z0-9])?",
                    message = "must be 1 to 50 lowercase letters, digits and '-', starting with a letter, not ending with '-'") String name) {
    }

    /**
     * {@code type}: vm, ElasticBMS or pm (bare metal, the default here). Machines are not created by the pool:
     * {@code initialNodeCount} must be 0; servers join through nodes/add.
     */
    public record Spec(
            @Pattern(regexp = "vm|ElasticBMS|pm", message = "must be vm, ElasticBMS or pm") String type,
            @Min(value = 0, message = "must be 0: servers join through nodes/add") @Max(value = 0, message = "must be 0: servers join through nodes/add") Integer initialNodeCount,
            @Valid NodeTemplate nodeTemplate) {
    }

    /** What the pool's nodes are expected to be; recorded and returned, labels handed to the cluster. */
    public record NodeTemplate(
            @Size(max = 128) String flavor,
            @Size(max = 64) String az,
            @Size(max = 64) String os,
            @Size(max = 20) Map<@Pattern(regexp = "[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?", message = "must be a label key")
                    String, @NotNull @Size(max = 63) String> k8sTags) {
    }
}
