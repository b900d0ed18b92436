package io.metalfleet.provisioning.redfish.power;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How soon after a reset a model's power transition has been seen done, learnt from the confirmations: the first
 * poll of the next one waits that long. A fleet of one model is then confirmed with about one poll per BMC instead
 * of one every poll interval through the whole transition (a 2 s power-cycle polled every 250 ms was 7 GETs).
 *
 * <p>What is kept is the fastest confirmation seen (the time of the confirming answer, an upper bound of that
 * transition): a slower host is polled again at the interval, as before; a faster one lowers it. Keyed by vendor,
 * model, reset type and the state it started from, since a cycle of a host that is on takes twice a power-on.
 */
final class TransitionTimes {

    /** Models × reset types × states: a handful per fleet; the bound only guards against a BMC inventing models. */
    private static final int MAX_KEYS = 4096;

    private final Map<String, Long> fastest = new ConcurrentHashMap<>();

    /** When to poll first, in ms after the reset was accepted: what was learnt, never less than {@code floorMs}. */
    long firstPollMs(String transition, long floorMs) {
        Long known = transition == null ? null : fastest.get(transition);
        return known == null ? floorMs : Math.max(floorMs, known);
    }

    void confirmed(String transition, long elapsedMs) {
        if (transition == null || (fastest.size() >= MAX_KEYS && !fastest.containsKey(transition))) {
            return;
        }
        // one atomic step: an entry first made as "none yet" and then lowered was read in between by another event
        // loop as a wait of Long.MAX_VALUE, and its BMCs polled first at the 2-minute confirmation deadline
        fastest.merge(transition, elapsedMs, Math::min);
    }
}
