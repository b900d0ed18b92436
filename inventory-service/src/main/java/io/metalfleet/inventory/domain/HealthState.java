package io.metalfleet.inventory.domain;

import java.util.Locale;
import java.util.Optional;

/** What inventory knows of a server's health, from provisioning-service's checks. */
public enum HealthState {
    UNKNOWN, HEALTHY, DEGRADED, UNHEALTHY, UNREACHABLE;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<HealthState> fromApiName(String name) {
        for (HealthState state : values()) {
            if (state.apiName().equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
