package io.metalfleet.inventory.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.inventory.api.dto.ServerView;

/**
 * The payloads (CloudEvents {@code data}) of the events this service produces. Each carries what a
 * subscriber needs to act without calling back; credentials travel only sealed.
 */
@ApplicationScoped
public class ServerEvents {

    @Inject
    ObjectMapper json;

    /** Sealed credentials as they travel: ciphertext under the fleet seal key named by keyId. */
    public record SealedCredentials(String keyId, String algorithm, String ciphertext) {
    }

    public String enrolled(String region, String project, ServerView server, String bmcEndpoint, SealedCredentials credentials) {
        Map<String, Object> bmc = new LinkedHashMap<>();
        bmc.put("address", server.bmcAddress());
        bmc.put("endpoint", bmcEndpoint);
        bmc.put("credentials", credentials);
        return write(envelope(region, project, server, "bmc", bmc));
    }

    public String updated(String region, String project, ServerView server, List<String> changedFields) {
        return write(envelope(region, project, server, "changedFields", changedFields));
    }

    public String deleted(String region, String project, ServerView server, String bmcEndpoint, boolean awaitingRelease,
            Instant at) {
        Map<String, Object> data = envelope(region, project, server, "bmcEndpoint", bmcEndpoint);
        data.put("awaitingRelease", awaitingRelease);
        data.put("deletedAt", at);
        return write(data);
    }

    private static Map<String, Object> envelope(String region, String project, ServerView server, String key, Object value) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serverId", server.id());
        data.put("region", region);
        data.put("project", project);
        data.put("server", server);
        data.put(key, value);
        return data;
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event payload cannot be written", e);
        }
    }
}
