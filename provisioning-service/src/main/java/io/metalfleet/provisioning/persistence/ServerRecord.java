package io.metalfleet.provisioning.persistence;

/** One server of the read model; credentials still sealed. */
public record ServerRecord(String id, String region, String project, String bmcEndpoint, String credentialsKeyId,
        String credentialsSealed, String tags, String persona, String provisioningState, String powerState,
        String tlsFingerprint) {
}
