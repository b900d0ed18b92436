package io.metalfleet.simulator.fleet;

/** Monotonic milliseconds: wall-clock jumps must not finish or undo power transitions. */
public final class Clock {

    private static final long ORIGIN = System.nanoTime();

    private Clock() {
    }

    public static long nowMs() {
        return (System.nanoTime() - ORIGIN) / 1_000_000L + 1_000_000L;
    }
}
