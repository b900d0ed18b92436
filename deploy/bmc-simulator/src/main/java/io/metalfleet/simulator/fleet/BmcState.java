package io.metalfleet.simulator.fleet;

import io.metalfleet.simulator.fault.FaultSpec;
import io.metalfleet.simulator.profile.HardwareShape;
import io.metalfleet.simulator.profile.VendorProfile;
import io.metalfleet.simulator.session.SessionStore;
import io.vertx.core.http.HttpServer;

/**
 * Everything one simulated BMC is and remembers. Kept small (a few hundred bytes plus its identity
 * strings): profile, templates and certificates are shared; sessions, media and tasks are created on
 * first use.
 */
public final class BmcState {

    private final int index;
    private final VendorProfile profile;
    private final Identity identity;
    private final HardwareShape hardware;
    private final Host host;
    private final Counters counters = new Counters();
    private volatile FaultSpec faults = FaultSpec.NONE;
    private volatile int port;
    private volatile HttpServer server;
    private SessionStore sessions;
    private MediaSlots media;
    private TaskList tasks;
    private volatile RenderedSystem renderedSystem;

    public BmcState(int index, VendorProfile profile, Identity identity, HardwareShape hardware, Host host) {
        this.index = index;
        this.profile = profile;
        this.identity = identity;
        this.hardware = hardware;
        this.host = host;
    }

    public int index() {
        return index;
    }

    public VendorProfile profile() {
        return profile;
    }

    public Identity identity() {
        return identity;
    }

    public HardwareShape hardware() {
        return hardware;
    }

    public Host host() {
        return host;
    }

    public Counters counters() {
        return counters;
    }

    public FaultSpec faults() {
        return faults;
    }

    public void faults(FaultSpec f) {
        this.faults = f == null ? FaultSpec.NONE : f;
        host.setFaults(faults.stuckPower(), faults.flapPeriodMs(), faults.stuckBoot(), Clock.nowMs());
    }

    public int port() {
        return port;
    }

    public HttpServer server() {
        return server;
    }

    public void bound(HttpServer s, int actualPort) {
        this.server = s;
        this.port = actualPort;
    }

    public synchronized SessionStore sessions() {
        if (sessions == null) {
            sessions = new SessionStore();
        }
        return sessions;
    }

    public synchronized int sessionsOpen() {
        return sessions == null ? 0 : sessions.size();
    }

    public synchronized MediaSlots media() {
        if (media == null) {
            media = new MediaSlots(profile.virtualMedia().size());
        }
        return media;
    }

    public synchronized TaskList tasks() {
        if (tasks == null) {
            tasks = new TaskList();
        }
        return tasks;
    }

    /** The System resource as last rendered, or null. */
    public RenderedSystem renderedSystem() {
        return renderedSystem;
    }

    public void renderedSystem(RenderedSystem r) {
        renderedSystem = r;
    }

    /** Lets due long-running tasks land before anything is read. */
    public void settleTasks(long now) {
        TaskList t;
        synchronized (this) {
            t = tasks;
        }
        if (t != null) {
            t.settle(now);
        }
    }
}
