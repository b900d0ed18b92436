package io.metalfleet.provisioning.redfish.power;

/** The power actions the engine offers, each with the PowerState that confirms it. */
public enum PowerAction {
    On("On"), ForceOff("Off"), GracefulShutdown("Off"), ForceRestart("On"), GracefulRestart("On"), PowerCycle("On");

    private final String confirmedBy;

    PowerAction(String confirmedBy) {
        this.confirmedBy = confirmedBy;
    }

    public String confirmedBy() {
        return confirmedBy;
    }

    /** True when the host must be seen away from On before On confirms it (it was on, and it cycles). */
    public boolean cyclesPower() {
        return this == PowerCycle;
    }
}
