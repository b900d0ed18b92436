package io.metalfleet.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reset types with their transitions and timing, boot override consumption, BootProgress. */
class PowerAndBootTest {

    static final long TRANSITION_MS = 300;
    static final long BOOT_MS = 900;
    static BmcFleet fleet;
    static int next;

    @BeforeAll
    static void start() {
        fleet = BmcFleet.start(FleetConfig.builder().bmcs(20).basePort(0).latency(Duration.ZERO)
                .profiles("dmtf", "hpe").powerTransition(Duration.ofMillis(TRANSITION_MS))
                .bootTime(Duration.ofMillis(BOOT_MS)).build());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    /** A fresh DMTF-profile BMC per test (even indices are dmtf). */
    static synchronized SimulatedBmc freshDmtf() {
        SimulatedBmc b = fleet.bmc(next);
        next += 2;
        return b;
    }

    static String power(Redfish rf, SimulatedBmc b) {
        return rf.get(b.systemPath()).text("/PowerState");
    }

    static Redfish.Res reset(Redfish rf, SimulatedBmc b, String type) {
        return rf.post(b.systemPath() + "/Actions/ComputerSystem.Reset", "{\"ResetType\":\"" + type + "\"}");
    }

    /** Records every distinct PowerState seen until {@code until} is reported; returns them in order. */
    static List<String> watch(Redfish rf, SimulatedBmc b, String until) {
        List<String> seen = new ArrayList<>();
        Redfish.awaitMs(() -> {
            String s = power(rf, b);
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(s)) {
                seen.add(s);
            }
            return s.equals(until);
        }, Duration.ofSeconds(5), until);
        return seen;
    }

    static void powerOnAndWait(Redfish rf, SimulatedBmc b) {
        assertEquals(204, reset(rf, b, "On").status());
        watch(rf, b, "On");
    }

    @Test
    void onShouldPassThroughPoweringOnForTheTransitionTime() {
        SimulatedBmc b = freshDmtf();
        Redfish rf = new Redfish(b);
        assertEquals("Off", power(rf, b));
        long t0 = System.nanoTime();
        assertEquals(204, reset(rf, b, "On").status());
        assertEquals("PoweringOn", power(rf, b));
        List<String> seen = watch(rf, b, "On");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(List.of("PoweringOn", "On"), seen);
        assertTrue(ms >= TRANSITION_MS - 20 && ms < TRANSITION_MS + 1500, "took " + ms + " ms");
        assertEquals(1, b.resetsReceived());
    }

    @Test
    void forceOffAndGracefulShutdownShouldPowerOffWithTheirTimings() {
        SimulatedBmc b = freshDmtf();
        Redfish rf = new Redfish(b);
        powerOnAndWait(rf, b);
        long t0 = System.nanoTime();
        assertEquals(204, reset(rf, b, "ForceOff").status());
        assertEquals(List.of("PoweringOff", "Off"), watch(rf, b, "Off"));
        long force = (System.nanoTime() - t0) / 1_000_000;
        powerOnAndWait(rf, b);
        t0 = System.nanoTime();
        assertEquals(204, reset(rf, b, "GracefulShutdown").status());
        assertEquals(List.of("PoweringOff", "Off"), watch(rf, b, "Off"));
        long graceful = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(force >= TRANSITION_MS - 20, "ForceOff took " + force);
        // a graceful shutdown waits for the OS: twice the transition
        assertTrue(graceful >= 2 * TRANSITION_MS - 20, "GracefulShutdown took " + graceful);
    }

    @Test
    void powerCycleShouldGoOffAndComeBackOn() {
        SimulatedBmc b = freshDmtf();
        Redfish rf = new Redfish(b);
        powerOnAndWait(rf, b);
        int boots = b.hostState().boots();
        long t0 = System.nanoTime();
        assertEquals(204, reset(rf, b, "PowerCycle").status());
        List<String> seen = watch(rf, b, "On");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("PoweringOff", seen.get(0));
        assertTrue(seen.contains("PoweringOn"), seen.toString());
        assertTrue(ms >= 2 * TRANSITION_MS - 20, "PowerCycle took " + ms);
        assertEquals(boots + 1, b.hostState().boots());
    }

    @Test
    void restartsShouldRebootWithoutDroppingPowerAndNmiShouldChangeNothing() {
        SimulatedBmc b = freshDmtf();
        Redfish rf = new Redfish(b);
        powerOnAndWait(rf, b);
        Redfish.awaitMs(() -> rf.get(b.systemPath()).text("/BootProgress/LastState").equals("OSRunning"),
                Duration.ofSeconds(5), "OSRunning");
        int boots = b.hostState().boots();
        assertEquals(204, reset(rf, b, "ForceRestart").status());
        Redfish.Res after = rf.get(b.systemPath());
        assertEquals("On", after.text("/PowerState"));
        assertTrue(!after.text("/BootProgress/LastState").equals("OSRunning"), "a restart boots again");
        assertEquals(boots + 1, b.hostState().boots());
        Redfish.awaitMs(() -> rf.get(b.systemPath()).text("/BootProgress/LastState").equals("OSRunning"),
                Duration.ofSeconds(5), "OSRunning after ForceRestart");
        assertEquals(204, reset(rf, b, "GracefulRestart").status());
        Redfish.awaitMs(() -> b.hostState().boots() == boots + 2, Duration.ofSeconds(5), "GracefulRestart boot");
        assertEquals("On", power(rf, b));
        assertEquals(204, reset(rf, b, "Nmi").status());
        assertEquals("On", power(rf, b));
        assertEquals(boots + 2, b.hostState().boots());
        assertEquals(4, b.resetsReceived());
    }

    @Test
    void pushPowerButtonShouldToggle() {
        SimulatedBmc b = freshDmtf();
        Redfish rf = new Redfish(b);
        assertEquals(204, reset(rf, b, "PushPowerButton").status());
        watch(rf, b, "On");
        assertEquals(204, reset(rf, b, "PushPowerButton").status());
        watch(rf, b, "Off");
    }

    @Test
    void resetTypesOutsideAllowableValuesShouldBe400WithARedfishError() {
        SimulatedBmc hpe = fleet.bmc(1);
        Redfish rf = new Redfish(hpe);
        Redfish.Res allowed = rf.get(hpe.systemPath());
        List<String> values = new ArrayList<>();
        allowed.json().at("/Actions/#ComputerSystem.Reset/ResetType@Redfish.AllowableValues")
                .forEach(v -> values.add(v.asText()));
        assertTrue(!values.contains("PowerCycle") && values.contains("On"), values.toString());
        Redfish.Res r = reset(rf, hpe, "PowerCycle");
        assertEquals(400, r.status());
        assertEquals("Base.1.5.ActionParameterValueNotInList", r.messageId());
        assertEquals(400, reset(rf, hpe, "Explode").status());
        assertEquals(400, rf.post(hpe.systemPath() + "/Actions/ComputerSystem.Reset", "{}").status());
        assertEquals(0, hpe.resetsReceived());
        assertEquals("Off", power(rf, hpe));
    }

    @Test
    void onceOverrideShouldBeConsumedAtTheNextBootAndBootProgressShouldReachOsRunning() {
        SimulatedBmc b = freshDmtf();
        Redfish rf = new Redfish(b);
        Redfish.Res patch = rf.patch(b.systemPath(),
                "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"BootSourceOverrideEnabled\":\"Once\"}}", null);
        assertEquals(204, patch.status());
        Redfish.Res sys = rf.get(b.systemPath());
        assertEquals("Pxe", sys.text("/Boot/BootSourceOverrideTarget"));
        assertEquals("Once", sys.text("/Boot/BootSourceOverrideEnabled"));
        assertEquals("None", sys.text("/BootProgress/LastState"));
        long t0 = System.nanoTime();
        powerOnAndWait(rf, b);
        assertEquals("Disabled", rf.get(b.systemPath()).text("/Boot/BootSourceOverrideEnabled"));
        assertEquals("Pxe", b.hostState().lastBootTarget());
        assertEquals(1, b.hostState().overridesConsumed());
        List<String> stages = new ArrayList<>();
        Redfish.awaitMs(() -> {
            String s = rf.get(b.systemPath()).text("/BootProgress/LastState");
            if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(s)) {
                stages.add(s);
            }
            return s.equals("OSRunning");
        }, Duration.ofSeconds(5), "OSRunning");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(stages.size() >= 2, "BootProgress should move through stages: " + stages);
        assertTrue(ms >= TRANSITION_MS + BOOT_MS - 30, "OSRunning after " + ms + " ms");
        // a second boot without a new override boots from disk
        assertEquals(204, reset(rf, b, "ForceRestart").status());
        assertEquals("Hdd", b.hostState().lastBootTarget());
        assertEquals(1, b.hostState().overridesConsumed());
    }

    @Test
    void invalidOverrideValuesAndReadOnlyPropertiesShouldBe400() {
        SimulatedBmc b = freshDmtf();
        Redfish rf = new Redfish(b);
        Redfish.Res bad = rf.patch(b.systemPath(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Floppy\"}}", null);
        assertEquals(400, bad.status());
        assertEquals("Base.1.5.PropertyValueNotInList", bad.messageId());
        assertEquals(400, rf.patch(b.systemPath(), "{\"PowerState\":\"On\"}", null).status());
        assertEquals(400, rf.patch(b.systemPath(), "not json", null).status());
    }

    @Test
    void hpeOverrideWithoutModeShouldFallBackToLegacy() {
        SimulatedBmc hpe = fleet.bmc(3);
        Redfish rf = new Redfish(hpe);
        String etag = rf.get(hpe.systemPath()).header("ETag");
        assertEquals(204, rf.patch(hpe.systemPath(),
                "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\",\"BootSourceOverrideEnabled\":\"Once\"}}", etag).status());
        assertEquals("Legacy", rf.get(hpe.systemPath()).text("/Boot/BootSourceOverrideMode"));
        etag = rf.get(hpe.systemPath()).header("ETag");
        assertEquals(204, rf.patch(hpe.systemPath(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\","
                + "\"BootSourceOverrideEnabled\":\"Once\",\"BootSourceOverrideMode\":\"UEFI\"}}", etag).status());
        assertEquals("UEFI", rf.get(hpe.systemPath()).text("/Boot/BootSourceOverrideMode"));
    }

    @Test
    void pressingTheButtonByHandShouldPowerTheHost() {
        SimulatedBmc b = freshDmtf();
        b.pressPowerButton();
        Redfish.awaitMs(() -> b.powerState().equals("On"), Duration.ofSeconds(5), "On after button press");
        b.holdPowerButton();
        Redfish.awaitMs(() -> b.powerState().equals("Off"), Duration.ofSeconds(5), "Off after holding");
        assertEquals(0, b.resetsReceived(), "the button is not a Redfish reset");
    }
}
