package io.metalfleet.provisioning.nodepools.api.dto;

import java.util.List;

import io.metalfleet.provisioning.nodepools.api.dto.NodePoolRequest.Spec;

/** A node pool in CCE's shape; {@code status.currentNode} counts joined nodes, {@code phase} Synchronizing while nodes join. */
public record NodePoolView(String kind, String apiVersion, Metadata metadata, Spec spec, Status status) {

    public record Metadata(String name, String uid, String creationTimestamp, String updateTimestamp) {
    }

    public record Status(int currentNode, int joiningNode, String phase) {
    }

    /** {@code {"kind":"List","apiVersion":"v3","items":[…]}}. */
    public record Page(String kind, String apiVersion, List<NodePoolView> items) {
    }
}
