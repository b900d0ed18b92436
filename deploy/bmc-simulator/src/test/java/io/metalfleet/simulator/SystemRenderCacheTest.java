package io.metalfleet.simulator;

import io.metalfleet.simulator.fault.FaultSpec;
import io.metalfleet.simulator.fleet.Host;
import io.metalfleet.simulator.fleet.RenderedSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The System resource's cached render: a steady host is answered from it, and every change of what the
 * resource shows — an override PATCH, a power action, the power button, the boot moving on with time,
 * a fault — is in the very next answer, with a new ETag where the state changed.
 */
class SystemRenderCacheTest {

    static BmcFleet fleet;

    @BeforeAll
    static void start() {
        fleet = BmcFleet.start(FleetConfig.builder().bmcs(5).basePort(0).latency(Duration.ZERO).profiles("dmtf")
                .powerTransition(Duration.ofMillis(300)).bootTime(Duration.ofMillis(1500)).build());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void aSteadyHostShouldBeAnsweredFromItsRender() {
        SimulatedBmc b = fleet.bmc(0);
        Redfish rf = new Redfish(b);
        Redfish.Res first = rf.get(b.systemPath());
        RenderedSystem cached = b.state().renderedSystem();
        assertNotNull(cached);
        Redfish.Res second = rf.get(b.systemPath());
        assertEquals(first.raw().body(), second.raw().body());
        assertEquals(first.header("ETag"), second.header("ETag"));
        assertEquals(second.header("ETag"), second.text("/@odata.etag"));
        assertSame(cached, b.state().renderedSystem(), "nothing changed: the render is reused");
    }

    @Test
    void anOverrideShouldShowInTheNextAnswerWithANewEtag() {
        SimulatedBmc b = fleet.bmc(1);
        Redfish rf = new Redfish(b);
        String before = rf.get(b.systemPath()).header("ETag");
        Redfish.Res patched = rf.patch(b.systemPath(),
                "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"BootSourceOverrideEnabled\":\"Once\"}}", before);
        assertEquals(204, patched.status());
        Redfish.Res after = rf.get(b.systemPath());
        assertEquals("Pxe", after.text("/Boot/BootSourceOverrideTarget"));
        assertEquals("Once", after.text("/Boot/BootSourceOverrideEnabled"));
        assertNotEquals(before, after.header("ETag"));
        assertEquals(patched.header("ETag"), after.header("ETag"), "the PATCH answers the ETag the next GET shows");
        assertEquals(after.header("ETag"), after.text("/@odata.etag"));
    }

    @Test
    void powerAndBootShouldShowInTheNextAnswers() {
        SimulatedBmc b = fleet.bmc(2);
        Redfish rf = new Redfish(b);
        Redfish.Res off = rf.get(b.systemPath());
        assertEquals(Host.OFF, off.text("/PowerState"));
        assertEquals("None", off.text("/BootProgress/LastState"));
        assertTrue(!off.json().has("LastResetTime"), "a host that never booted has no LastResetTime");
        assertEquals(204, rf.post(b.systemPath() + "/Actions/ComputerSystem.Reset", "{\"ResetType\":\"On\"}").status());
        Redfish.Res next = rf.get(b.systemPath());
        assertNotEquals(Host.OFF, next.text("/PowerState"), "the reset is in the next answer");
        assertNotEquals(off.header("ETag"), next.header("ETag"));
        // BootProgress moves with time alone (no new state version): the answers must follow it to OSRunning
        Set<String> etagsWhileOn = new HashSet<>();
        Redfish.awaitMs(() -> {
            Redfish.Res r = rf.get(b.systemPath());
            assertEquals(r.header("ETag"), r.text("/@odata.etag"));
            if (Host.ON.equals(r.text("/PowerState"))) {
                etagsWhileOn.add(r.header("ETag"));
            }
            return "OSRunning".equals(r.text("/BootProgress/LastState"));
        }, Duration.ofSeconds(20), "BootProgress OSRunning in the answers");
        assertEquals(1, etagsWhileOn.size(), "the boot moving on is not a new version of the resource");
        assertTrue(rf.get(b.systemPath()).json().hasNonNull("LastResetTime"), "the boot's LastResetTime is shown");
    }

    @Test
    void thePowerButtonShouldShowInTheNextAnswer() {
        SimulatedBmc b = fleet.bmc(3);
        Redfish rf = new Redfish(b);
        Redfish.Res off = rf.get(b.systemPath());
        assertEquals(Host.OFF, off.text("/PowerState"));
        b.pressPowerButton();
        Redfish.Res pressed = rf.get(b.systemPath());
        assertNotEquals(Host.OFF, pressed.text("/PowerState"));
        assertNotEquals(off.header("ETag"), pressed.header("ETag"));
    }

    @Test
    void faultsShouldShowInTheNextAnswers() {
        SimulatedBmc b = fleet.bmc(4);
        Redfish rf = new Redfish(b);
        try {
            String before = rf.get(b.systemPath()).header("ETag");
            b.faults(FaultSpec.builder().stuckBoot(true).build());
            assertNotEquals(before, rf.get(b.systemPath()).header("ETag"), "a fault that changes the host is a new version");
            // a flapping host flips its reported PowerState with no new version: both states must be answered
            b.faults(FaultSpec.builder().flapPeriodMs(150).build());
            Set<String> seen = new HashSet<>();
            Redfish.awaitMs(() -> {
                seen.add(rf.get(b.systemPath()).text("/PowerState"));
                return seen.size() == 2;
            }, Duration.ofSeconds(20), "both PowerStates of a flapping host");
            assertTrue(seen.contains(Host.ON) && seen.contains(Host.OFF), seen.toString());
        } finally {
            b.clearFaults();
        }
    }
}
