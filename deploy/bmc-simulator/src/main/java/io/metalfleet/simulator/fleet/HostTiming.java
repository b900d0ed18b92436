package io.metalfleet.simulator.fleet;

/** Fleet-wide timings every host shares (one instance, not one per BMC). */
public record HostTiming(long transitionMs, long bootMs) {
}
