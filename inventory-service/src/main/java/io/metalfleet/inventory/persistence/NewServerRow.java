package io.metalfleet.inventory.persistence;

import java.util.Map;
import java.util.UUID;

/**
 * One server to insert by {@link ServerRepository#insertBatch}, with the outbox event announcing it.
 * {@code index} is the item's place in the request; {@code credentials} is already encrypted.
 */
public record NewServerRow(int index, UUID uid, String id, String displayName, String description, String bmcAddress,
        String bmcEndpoint, byte[] credentials, String credentialsKeyId, Map<String, String> tags, String persona,
        UUID eventId, String eventPayload) {
}
