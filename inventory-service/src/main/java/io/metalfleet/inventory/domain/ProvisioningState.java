package io.metalfleet.inventory.domain;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lifecycle of an enrolled server (DESIGN.md §3), as a table from each state to the states it
 * may move to. Every transition the service makes is checked here, in one place.
 *
 * <pre>
 * registered → inspecting → available → provisioning → provisioned → deprovisioning → available
 *      any → error;  error → inspecting | available;  any → deleting
 * </pre>
 */
public enum ProvisioningState {
    REGISTERED, INSPECTING, AVAILABLE, PROVISIONING, PROVISIONED, DEPROVISIONING, ERROR, DELETING;

    private static final Map<ProvisioningState, Set<ProvisioningState>> NEXT = Map.of(
            REGISTERED, EnumSet.of(INSPECTING, AVAILABLE, ERROR, DELETING),
            INSPECTING, EnumSet.of(AVAILABLE, ERROR, DELETING),
            AVAILABLE, EnumSet.of(INSPECTING, PROVISIONING, ERROR, DELETING),
            PROVISIONING, EnumSet.of(PROVISIONED, DEPROVISIONING, ERROR, DELETING),
            PROVISIONED, EnumSet.of(DEPROVISIONING, ERROR, DELETING),
            DEPROVISIONING, EnumSet.of(AVAILABLE, ERROR, DELETING),
            ERROR, EnumSet.of(INSPECTING, AVAILABLE, DEPROVISIONING, DELETING),
            DELETING, EnumSet.noneOf(ProvisioningState.class));

    /** States in which provisioning-service holds the machine: deletion waits for its release. */
    private static final Set<ProvisioningState> HELD_BY_PROVISIONING = EnumSet.of(PROVISIONING, PROVISIONED,
            DEPROVISIONING);

    public boolean canMoveTo(ProvisioningState next) {
        return NEXT.get(this).contains(next);
    }

    public boolean heldByProvisioning() {
        return HELD_BY_PROVISIONING.contains(this);
    }

    /** The name used in the API and in events: lower case. */
    public String apiName() {
        return ApiNames.of(this);
    }

    public static Optional<ProvisioningState> fromApiName(String name) {
        return ApiNames.parse(ProvisioningState.class, name);
    }
}
