package io.metalfleet.simulator.fleet;

import java.util.Arrays;

/**
 * A BMC's System resource as last rendered: its per-BMC part (the shared part stays in the profile's
 * template) and its ETag, valid while the host shows the same state. A GET re-renders only when the
 * state version (power transitions, boots and with them LastResetTime, overrides, faults), the reported
 * PowerState (a flapping host flips it without a new version) or the boot progress (it moves with time)
 * differ.
 */
public record RenderedSystem(int version, String powerState, String bootProgress, byte[] tail, String etag) {

    public boolean shows(Host.Snapshot s) {
        return version == s.version() && powerState.equals(s.powerState()) && bootProgress.equals(s.bootProgress());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenderedSystem r && version == r.version && powerState.equals(r.powerState)
                && bootProgress.equals(r.bootProgress) && Arrays.equals(tail, r.tail) && etag.equals(r.etag);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * version + powerState.hashCode()) + Arrays.hashCode(tail);
    }

    @Override
    public String toString() {
        return "RenderedSystem[version=" + version + ", powerState=" + powerState + ", bootProgress=" + bootProgress
                + ", " + tail.length + " bytes, etag=" + etag + "]";
    }
}
