package io.metalfleet.simulator.fault;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Picks "a seeded fraction of the fleet": the same seed and fraction always hit the same BMCs. */
public final class FaultPlanner {

    private FaultPlanner() {
    }

    public static List<Integer> pick(int fleetSize, double fraction, long seed) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be between 0 and 1");
        }
        List<Integer> all = new ArrayList<>(fleetSize);
        for (int i = 0; i < fleetSize; i++) {
            all.add(i);
        }
        Collections.shuffle(all, new Random(seed));
        List<Integer> chosen = new ArrayList<>(all.subList(0, (int) Math.round(fleetSize * fraction)));
        Collections.sort(chosen);
        return chosen;
    }
}
