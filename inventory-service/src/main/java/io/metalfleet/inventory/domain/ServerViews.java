package io.metalfleet.inventory.domain;

import java.util.List;
import java.util.Map;

import io.metalfleet.inventory.api.dto.ServerView;
import io.metalfleet.inventory.persistence.ServerEntity;

/** Builds the API's Server resource from a stored row. */
public final class ServerViews {

    private ServerViews() {
    }

    public static String selfLink(String region, String project, String id) {
        return "/v1/regions/" + region + "/projects/" + project + "/infrastructure/servers/" + id;
    }

    public static ServerView of(ServerEntity row) {
        Map<String, Object> specs = row.hardwareSpecs == null ? Map.of() : row.hardwareSpecs;
        return new ServerView(selfLink(row.region, row.project, row.id), row.uid, row.id, row.displayName,
                row.description,
                new ServerView.HardwareSpecs(part(specs, "cpu"), part(specs, "ram"), part(specs, "gpu")),
                row.bmcAddress, row.provisioningState,
                new ServerView.HealthStatus(row.healthStatus, row.healthCheckedAt,
                        row.healthFailureReasons == null ? List.of() : row.healthFailureReasons),
                row.tags == null ? Map.of() : row.tags, row.persona, row.createdAt, row.updatedAt);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(Map<String, Object> specs, String key) {
        Object value = specs.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
