package io.metalfleet.inventory.domain;

import java.util.Optional;

/** What inventory knows of a server's health, from provisioning-service's checks. */
public enum HealthState {
    UNKNOWN, HEALTHY, DEGRADED, UNHEALTHY, UNREACHABLE;

    /** The name used in the API and in events: lower case. */
    public String apiName() {
        return ApiNames.of(this);
    }

    public static Optional<HealthState> fromApiName(String name) {
        return ApiNames.parse(HealthState.class, name);
    }
}
