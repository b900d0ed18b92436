package io.metalfleet.provisioning.redfish.power;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.JsonProjection;
import io.metalfleet.provisioning.redfish.connector.RedfishCall;
import io.metalfleet.provisioning.redfish.connector.RedfishConnector;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.redfish.connector.RedfishException.Kind;
import io.metalfleet.provisioning.redfish.connector.TaskMonitor;
import io.metalfleet.provisioning.redfish.vendor.BmcProfile;
import io.smallrye.mutiny.Uni;

/**
 * ComputerSystem.Reset, checked against the BMC's AllowableValues before anything is sent, and
 * confirmed by polling PowerState until the target state or the deadline. GracefulShutdown falls back
 * to ForceOff after its timeout; PowerCycle on a BMC that does not offer it (iLO) is ForceOff then On.
 */
public final class PowerControl {

    /**
     * What the power and boot steps read of a ComputerSystem: the state, the allowed values, the override
     * in place, the ETag. Only these are kept of each read (see {@link JsonProjection}).
     */
    public static final JsonProjection SYSTEM_STATE = JsonProjection.of("PowerState", "@odata.etag",
            "BootProgress/LastState", "Boot/BootSourceOverrideMode", "Boot/BootSourceOverrideTarget",
            "Boot/BootSourceOverrideEnabled", "Boot/BootSourceOverrideTarget@Redfish.AllowableValues",
            "Actions/#ComputerSystem.Reset/ResetType@Redfish.AllowableValues", "Actions/#ComputerSystem.Reset/target");

    private final RedfishConnector connector;

    public PowerControl(RedfishConnector connector) {
        this.connector = connector;
    }

    /** The reset types the system offers; empty when the BMC does not say (then any is tried). */
    public static List<String> allowedResets(JsonNode system) {
        JsonNode values = system.path("Actions").path("#ComputerSystem.Reset").path("ResetType@Redfish.AllowableValues");
        List<String> allowed = new ArrayList<>();
        values.forEach(v -> allowed.add(v.asText()));
        return allowed;
    }

    /** Runs the action on a system just read ({@code system} gives the allowed values and the state before). */
    public Uni<String> apply(BmcTarget target, BmcProfile profile, JsonNode system, PowerAction action) {
        List<String> allowed = allowedResets(system);
        String before = system.path("PowerState").asText("Unknown");
        if (!allowed.isEmpty() && !allowed.contains(action.name())) {
            if (action == PowerAction.PowerCycle && allowed.contains("ForceOff") && allowed.contains("On")) {
                Uni<String> off = "Off".equals(before) ? Uni.createFrom().item("Off")
                        : reset(target, profile, "ForceOff").chain(() -> confirm(target, profile, "Off", false, null, deadline()));
                return off.chain(() -> reset(target, profile, "On")).chain(() -> confirm(target, profile, "On", false, null, deadline()));
            }
            return Uni.createFrom().failure(new RedfishException(Kind.NOT_ALLOWED,
                    "ResetType " + action.name() + " is not offered by this BMC; allowed values: " + allowed));
        }
        if (action == PowerAction.GracefulShutdown) {
            long graceful = System.currentTimeMillis() + connector.settings().gracefulTimeout().toMillis();
            return reset(target, profile, action.name())
                    .chain(() -> confirm(target, profile, "Off", false, null, graceful))
                    .onFailure(e -> e instanceof RedfishException r && r.kind() == Kind.DEADLINE)
                    .recoverWithUni(() -> reset(target, profile, "ForceOff")
                            .chain(() -> confirm(target, profile, "Off", false, null, deadline())));
        }
        boolean mustLeaveOn = action.cyclesPower() && ("On".equals(before) || "PoweringOn".equals(before));
        String progressBefore = mustLeaveOn ? system.path("BootProgress").path("LastState").asText(null) : null;
        return reset(target, profile, action.name())
                .chain(() -> confirm(target, profile, action.confirmedBy(), mustLeaveOn, progressBefore, deadline()));
    }

    private long deadline() {
        return System.currentTimeMillis() + connector.settings().powerConfirmTimeout().toMillis();
    }

    /** POSTs the reset and follows its task when the BMC answers 202. */
    public Uni<Void> reset(BmcTarget target, BmcProfile profile, String resetType) {
        String path = profile.systemPath() + "/Actions/ComputerSystem.Reset";
        return connector.call(target, RedfishCall.post(path, Map.of("ResetType", resetType)))
                .map(r -> r.requireOk("ComputerSystem.Reset " + resetType))
                .chain(r -> TaskMonitor.follow(connector, target, r, "ComputerSystem.Reset " + resetType))
                .replaceWithVoid();
    }

    /**
     * Polls until PowerState is {@code wanted}. With {@code mustLeave} (a cycle of a host that was on)
     * the "On" it started from does not confirm it: the host must be seen away from On, or booting
     * anew (BootProgress changed), since BMCs that answer "not ready" right after a reset can hide the
     * whole off-on transition.
     */
    public Uni<String> confirm(BmcTarget target, BmcProfile profile, String wanted, boolean mustLeave,
            String progressBefore, long deadline) {
        return connector.after(connector.settings().powerFirstPoll())
                .chain(() -> poll(target, profile, wanted, mustLeave, progressBefore, deadline));
    }

    private Uni<String> poll(BmcTarget target, BmcProfile profile, String wanted, boolean mustLeave,
            String progressBefore, long deadline) {
        return connector.get(target, profile.systemPath()).map(r -> r.requireOk("reading PowerState").project(SYSTEM_STATE))
                .chain(system -> {
                    String state = system.path("PowerState").asText("Unknown");
                    String progress = system.path("BootProgress").path("LastState").asText(null);
                    boolean left = !state.equals(wanted)
                            || (progressBefore != null && progress != null && !progress.equals(progressBefore));
                    if (state.equals(wanted) && (!mustLeave || left)) {
                        return Uni.createFrom().item(state);
                    }
                    if (System.currentTimeMillis() >= deadline) {
                        return Uni.createFrom().failure(new RedfishException(Kind.DEADLINE,
                                "PowerState still " + state + " (waiting for " + wanted + ") at the confirmation deadline"));
                    }
                    return connector.after(connector.settings().powerPollInterval())
                            .chain(() -> poll(target, profile, wanted, mustLeave && !left, progressBefore, deadline));
                });
    }

    public Uni<String> readPowerState(BmcTarget target, BmcProfile profile) {
        return connector.get(target, profile.systemPath())
                .map(r -> r.requireOk("reading PowerState").project(SYSTEM_STATE).path("PowerState").asText("Unknown"));
    }
}
