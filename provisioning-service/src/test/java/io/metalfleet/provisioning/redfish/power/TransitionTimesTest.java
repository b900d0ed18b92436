package io.metalfleet.provisioning.redfish.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TransitionTimesTest {

    @Test
    void shouldKeepTheFastestConfirmationAboveTheFloor() {
        TransitionTimes times = new TransitionTimes();
        assertEquals(400, times.firstPollMs("HPE|ProLiant|On|Off", 400), "nothing learnt: the floor");
        times.confirmed("HPE|ProLiant|On|Off", 1500);
        times.confirmed("HPE|ProLiant|On|Off", 2100);
        assertEquals(1500, times.firstPollMs("HPE|ProLiant|On|Off", 400), "the fastest seen");
        times.confirmed("HPE|ProLiant|On|Off", 200);
        assertEquals(400, times.firstPollMs("HPE|ProLiant|On|Off", 400), "never below the floor");
        assertEquals(400, times.firstPollMs(null, 400));
    }

    /**
     * A confirmation being learnt on one event loop while another loop asks when to poll: the answer is the floor
     * or what was learnt, never a placeholder. (A learnt time entered as "none yet" before its value made 5 BMCs of a
     * 10,000-BMC power-cycle wait for the whole 2-minute confirmation deadline before their first poll.)
     */
    @Test
    void shouldNeverAnswerMoreThanWhatWasConfirmedWhileItIsBeingLearnt() throws Exception {
        AtomicLong worst = new AtomicLong();
        for (int round = 0; round < 10_000 && worst.get() <= 2000; round++) {
            TransitionTimes times = new TransitionTimes();
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean learnt = new AtomicBoolean();
            Thread confirming = new Thread(() -> {
                awaitQuietly(go);
                times.confirmed("Contoso|X|PowerCycle|On", 2000);
                learnt.set(true);
            });
            confirming.start();
            go.countDown();
            do {
                worst.accumulateAndGet(times.firstPollMs("Contoso|X|PowerCycle|On", 400), Math::max);
            } while (!learnt.get());
            confirming.join();
        }
        assertTrue(worst.get() <= 2000, "a first poll was put off to " + worst.get() + " ms, beyond anything confirmed");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
