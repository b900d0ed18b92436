package io.metalfleet.simulator;

import io.metalfleet.simulator.fault.FaultSpec;
import io.metalfleet.simulator.fleet.BmcState;
import io.metalfleet.simulator.fleet.Clock;
import io.metalfleet.simulator.fleet.Host;
import io.metalfleet.simulator.profile.HardwareShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One BMC of a running fleet, as tests and the control API see it: where it is, how to log in, what
 * hardware inspection should find, what it has observed, and handles to break it or press its button.
 */
public final class SimulatedBmc {

    private final BmcState state;
    private final BmcFleet fleet;

    SimulatedBmc(BmcState state, BmcFleet fleet) {
        this.state = state;
        this.fleet = fleet;
    }

    public int index() { return state.index(); }
    /** 127.0.0.1, or this BMC's own address (e.g. 127.1.0.5) in address-per-BMC mode. */
    public String host() { return fleet.hostOf(state.index()); }
    /** This BMC's port; in address-per-BMC mode the one port of every BMC. */
    public int port() { return state.port(); }
    /** "127.0.0.1:PORT" (or "127.1.0.5:PORT" with an address per BMC), the BMC address an operator enrolls. */
    public String address() { return host() + ":" + port(); }
    /** "http://" or "https://" + {@link #address()}. */
    public String url() { return (fleet.config().https() ? "https://" : "http://") + address(); }
    public String username() { return state.identity().username(); }
    public String password() { return state.identity().password(); }
    /** The service root's Vendor ("Contoso", "HPE", "Generic"). */
    public String vendor() { return state.profile().vendor(); }
    /** The profile id ("dmtf", "hpe", "gpu"). */
    public String profile() { return state.profile().id(); }
    public String systemPath() { return state.profile().systemPath(); }
    public String managerPath() { return state.profile().managerPath(); }
    public String chassisPath() { return state.profile().chassisPath(); }
    public String uuid() { return state.identity().uuid(); }
    public String serialNumber() { return state.identity().serialNumber(); }
    public String assetTag() { return state.identity().assetTag(); }
    public HardwareShape expectedHardware() { return state.hardware(); }

    public List<String> macAddresses() {
        List<String> macs = new ArrayList<>();
        for (int i = 0; i < state.hardware().nicCount(); i++) {
            macs.add(state.identity().mac(i));
        }
        return macs;
    }

    // ---- observation

    /** The highest number of requests this BMC ever had in flight at once. */
    public int maxConcurrentRequests() { return state.counters().maxInFlight(); }
    public int inFlightRequests() { return state.counters().inFlight(); }
    public long requests() { return state.counters().requests(); }
    public Map<String, Long> requestsByPath() { return state.counters().byPath(); }
    public int sessionsOpen() { return state.sessionsOpen(); }
    public int sessionsCreated() { return state.counters().sessionsCreated(); }
    public int sessionsRejected() { return state.counters().sessionsRejected(); }
    public int resetsReceived() { return state.counters().resets(); }
    public String powerState() { return state.host().powerState(Clock.nowMs()); }
    public String bootProgress() { return state.host().bootProgress(Clock.nowMs()); }
    public Host.Snapshot hostState() { return state.host().snapshot(Clock.nowMs()); }

    public List<String> insertedMedia() {
        state.settleTasks(Clock.nowMs());
        return state.media().inserted();
    }

    public void resetCounters() { state.counters().reset(); }

    // ---- manipulation

    public FaultSpec faults() { return state.faults(); }

    /** Replaces this BMC's faults (FaultSpec.NONE clears them); blocks until a TLS change is live. */
    public void faults(FaultSpec spec) { fleet.applyFaults(state, spec, true); }

    public void clearFaults() { faults(FaultSpec.NONE); }

    /** As if someone pressed the power button: on when off, graceful shutdown when on. */
    public void pressPowerButton() { state.host().reset("PushPowerButton", Clock.nowMs(), 0); }

    /** Holding the button for four seconds: immediate power off. */
    public void holdPowerButton() { state.host().reset("ForceOff", Clock.nowMs(), 0); }

    /** Closes every Redfish session, as a BMC reboot would. */
    public void dropSessions() {
        if (state.sessionsOpen() > 0) {
            state.sessions().clear();
        }
    }

    BmcState state() { return state; }
}
