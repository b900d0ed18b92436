package io.metalfleet.provisioning.redfish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.metalfleet.provisioning.redfish.boot.BootOverride;
import io.metalfleet.provisioning.redfish.power.PowerAction;
import io.metalfleet.simulator.SimulatedBmc;

/**
 * The two shortcuts of the power path, against the simulator over real sockets: a power action with a boot
 * override starts from the system as last read when the BMC accepts that read's ETag (and reads it anew when it
 * does not), and the confirmation's first poll waits as long as the model's transition was seen to take.
 */
class PowerShortcutsTest {

    /** Long enough that polling every 250 ms through a power-cycle (two transitions) takes several GETs. */
    static final Duration TRANSITION = Duration.ofSeconds(1);

    static EngineFixture f;

    @BeforeAll
    static void start() {
        f = new EngineFixture(EngineFixture.fleet(6).profiles("dmtf", "hpe", "gpu").powerTransition(TRANSITION).poweredOn(true),
                EngineFixture.settings());
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void shouldStartFromTheInspectedSystemAndPollOnceTheTransitionIsLearnt() {
        for (int index = 0; index < 3; index++) {
            int i = index;
            SimulatedBmc bmc = f.fleet.bmc(i);
            f.engine.inspect(f.target(i)).await().atMost(EngineFixture.AWAIT);
            long saved = f.engine.systemReadsSaved();
            long stale = f.engine.systemReadsStale();

            long firstReads = systemReads(bmc, () -> cycleWithPxe(i));
            assertEquals(saved + 1, f.engine.systemReadsSaved(), bmc.profile() + ": the PATCH carried the inspection's ETag");
            long secondReads = systemReads(bmc, () -> cycleWithPxe(i));
            assertEquals(saved + 2, f.engine.systemReadsSaved(), bmc.profile() + ": and then the last confirmation's");
            assertEquals(stale, f.engine.systemReadsStale(), bmc.profile() + ": no kept read was refused");

            assertEquals(2, bmc.hostState().overridesConsumed(), bmc.profile() + ": both cycles booted once from the override");
            assertEquals("Pxe", bmc.hostState().lastBootTarget(), bmc.profile());
            assertTrue(firstReads >= 3, bmc.profile() + ": unlearnt, polled through the transitions (" + firstReads + " GETs)");
            assertTrue(secondReads <= 2 && secondReads < firstReads,
                    bmc.profile() + ": learnt, polled about once (" + secondReads + " GETs, first time " + firstReads + ")");
        }
    }

    @Test
    void shouldReadTheSystemAgainWhenItChangedSinceTheKeptRead() {
        int i = 3; // dmtf
        SimulatedBmc bmc = f.fleet.bmc(i);
        f.engine.inspect(f.target(i)).await().atMost(EngineFixture.AWAIT);
        assertEquals("On", bmc.powerState());
        // shut down from the front panel, behind the engine's back: the kept read still says On
        bmc.pressPowerButton();
        long deadline = System.nanoTime() + EngineFixture.AWAIT.toNanos();
        while (!"Off".equals(bmc.powerState()) && System.nanoTime() < deadline) {
            pause();
        }
        assertEquals("Off", bmc.powerState());
        long stale = f.engine.systemReadsStale();
        long saved = f.engine.systemReadsSaved();
        int boots = bmc.hostState().boots();

        String state = f.engine.power(f.target(i), PowerAction.PowerCycle, BootOverride.oncePxe()).await().atMost(EngineFixture.AWAIT);

        assertEquals(stale + 1, f.engine.systemReadsStale(), "the BMC refused the kept ETag (412)");
        assertEquals(saved, f.engine.systemReadsSaved());
        assertEquals("On", state);
        // confirmed only once the host really came up again from the override, not on a state it never left
        assertEquals("On", bmc.powerState());
        assertEquals(boots + 1, bmc.hostState().boots());
        assertEquals("Pxe", bmc.hostState().lastBootTarget());
    }

    @Test
    void shouldReadFirstWithoutShortcuts() {
        int i = 4; // hpe
        SimulatedBmc bmc = f.fleet.bmc(i);
        RedfishEngine plain = new RedfishEngine(f.vertx, EngineFixture.settings().withoutShortcuts(), f.trust);
        try {
            plain.inspect(f.target(i)).await().atMost(EngineFixture.AWAIT);
            plain.power(f.target(i), PowerAction.PowerCycle, BootOverride.oncePxe()).await().atMost(EngineFixture.AWAIT);
            plain.power(f.target(i), PowerAction.PowerCycle, BootOverride.oncePxe()).await().atMost(EngineFixture.AWAIT);
            assertEquals(0, plain.systemReadsSaved());
            assertEquals(2, bmc.hostState().overridesConsumed());
        } finally {
            plain.close();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Two BMCs of one model, the second reset 1.5 s after the first, before anything is learnt: once the first is
     * confirmed, the second's remaining polls wait for the time its transition was just seen to take instead of going
     * out every interval (a fleet resets its BMCs within the same second, before any is confirmed).
     */
    @Test
    void shouldHoldBackAWaitingConfirmationOnceTheModelsTransitionIsLearnt() throws Exception {
        try (EngineFixture own = new EngineFixture(EngineFixture.fleet(2).profiles("dmtf").powerTransition(TRANSITION).poweredOn(true),
                EngineFixture.settings())) {
            SimulatedBmc second = own.fleet.bmc(1);
            var first = own.engine.power(own.target(0), PowerAction.PowerCycle, null).subscribeAsCompletionStage();
            Thread.sleep(1500);
            long reads = systemReads(second, () -> assertEquals("On",
                    own.engine.power(own.target(1), PowerAction.PowerCycle, null).await().atMost(EngineFixture.AWAIT)));
            assertEquals("On", first.get());
            // one read before the reset, polls at 400 and 650 ms, then the first BMC's ~2.1 s is learnt: one more poll
            // (every 250 ms through the 2 s cycle, as before, it was 9)
            assertTrue(reads <= 5, "the second BMC's polls held back by what the first taught: " + reads + " GETs of its system");
        }
    }

    private static void cycleWithPxe(int i) {
        assertEquals("On", f.engine.power(f.target(i), PowerAction.PowerCycle, BootOverride.oncePxe()).await().atMost(EngineFixture.AWAIT));
    }

    /** GETs of the system while {@code operation} runs (the BMC's own count). */
    private static long systemReads(SimulatedBmc bmc, Runnable operation) {
        String key = "GET " + bmc.systemPath();
        long before = bmc.requestsByPath().getOrDefault(key, 0L);
        operation.run();
        return bmc.requestsByPath().getOrDefault(key, 0L) - before;
    }
}
