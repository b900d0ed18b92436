package io.metalfleet.provisioning.compute.persistence;

import java.time.Instant;

/**
 * One server on demand as stored (never with its admin password hash, which is written once and not read back).
 * {@code addresses} is the seed's addresses object as JSON text.
 */
public record ComputeServer(String id, String project, String name, String status, int progress, String hostId,
        String userId, String zone, String imageId, String imageName, String flavorId, String flavorName,
        String securityGroupId, String securityGroupName, String bootMethod, String bootUri, String addresses,
        String accessIpv4, Fault fault, String phase, Instant phaseDeadline, Instant createdAt, Instant activeAt,
        Instant updatedAt) {

    /** Why a build failed, as OpenStack reports it on a server. */
    public record Fault(int code, String message, String details, Instant created) {
    }
}
