package io.metalfleet.provisioning.nodepools.api.dto;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A CCE Job: {@code spec.subJobs} holds one Job per node (resourceID = serverID, resourceName = node name), each
 * with its own phase and reason. Phases: Initializing → Running → Success | Failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(String kind, String apiVersion, Metadata metadata, Spec spec, Status status) {

    public record Metadata(String uid, String creationTimestamp, String updateTimestamp) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Spec(String type, String clusterUID, String resourceID, String resourceName, List<JobView> subJobs) {
    }

    public record Status(String phase, String reason) {
    }
}
