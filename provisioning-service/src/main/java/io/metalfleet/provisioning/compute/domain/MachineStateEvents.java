package io.metalfleet.provisioning.compute.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.events.ServerEvents;
import io.metalfleet.provisioning.persistence.OutboxRepository.NewEvent;

/**
 * {@code server.state-changed} on provisioning.servers: the machine (subject = record key = its server id) moved
 * along provisioning → provisioned → deprovisioning → available (or error) because a server on demand holds or
 * released it. Inventory-service follows these states. Never carries the admin password.
 */
@ApplicationScoped
public class MachineStateEvents {

    public static final String STATE_CHANGED = "server.state-changed";

    @Inject
    ObjectMapper json;

    public NewEvent stateChanged(String machineId, String provisioningState, String computeServerId, String project,
            String reason, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serverId", machineId);
        data.put("provisioningState", provisioningState);
        data.put("project", project);
        data.put("computeServerId", computeServerId);
        if (reason != null) {
            data.put("reason", reason);
        }
        data.put("changedAt", at.toString());
        try {
            return new NewEvent(ServerEvents.TOPIC, machineId, STATE_CHANGED, json.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload cannot be written", e);
        }
    }
}
