package io.metalfleet.simulator;

import io.metalfleet.simulator.profile.Profiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ETag/If-Match, VirtualMedia actions, TaskMonitor for long actions, vendor quirks of the GPU profile. */
class EtagMediaTaskTest {

    static final Duration TASK = Duration.ofMillis(700);
    static BmcFleet fleet;

    @BeforeAll
    static void start() {
        var dmtf = Profiles.dmtf().withQuirks(Profiles.dmtf().quirks()
                .withLongActions(Set.of("VirtualMedia.InsertMedia"), TASK));
        var gpu = Profiles.gpu().withQuirks(Profiles.gpu().quirks()
                .withNotReadyAfterPowerChange(Duration.ofMillis(800)).withResetLandDelay(Duration.ofMillis(600))
                .withLongActions(Set.of("ComputerSystem.Reset"), TASK));
        fleet = BmcFleet.start(FleetConfig.builder().bmcs(6).basePort(0).latency(Duration.ZERO)
                .profiles(List.of(dmtf, Profiles.hpe(), gpu)).powerTransition(Duration.ofMillis(200)).build());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void etagHeaderShouldMatchTheBodyAndChangeWithTheResource() {
        SimulatedBmc b = fleet.bmc(0);
        Redfish rf = new Redfish(b);
        Redfish.Res r = rf.get(b.systemPath());
        String etag = r.header("ETag");
        assertNotNull(etag);
        assertEquals(etag, r.text("/@odata.etag"));
        assertEquals(204, rf.patch(b.systemPath(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Cd\"}}", etag).status());
        String after = rf.get(b.systemPath()).header("ETag");
        assertNotEquals(etag, after);
        Redfish.Res stale = rf.patch(b.systemPath(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}", etag);
        assertEquals(412, stale.status());
        assertEquals("Base.1.5.PreconditionFailed", stale.messageId());
        assertEquals("Cd", rf.get(b.systemPath()).text("/Boot/BootSourceOverrideTarget"));
        // the strong form of the same tag and "*" are accepted too
        assertEquals(204, rf.patch(b.systemPath(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}",
                after.substring(2)).status());
        assertEquals(204, rf.patch(b.systemPath(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Hdd\"}}", "*").status());
    }

    @Test
    void hpeShouldRequireIfMatch() {
        SimulatedBmc hpe = fleet.bmc(1);
        Redfish rf = new Redfish(hpe);
        Redfish.Res r = rf.patch(hpe.systemPath(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\"}}", null);
        assertEquals(428, r.status());
        assertEquals("iLO.0.10.ExtendedInfo", r.text("/error/code"));
        assertEquals("Base.1.5.PreconditionRequired", r.messageId());
        String etag = rf.get(hpe.systemPath()).header("ETag");
        assertEquals(204, rf.patch(hpe.systemPath(), "{\"Boot\":{\"BootSourceOverrideTarget\":\"Pxe\","
                + "\"BootSourceOverrideMode\":\"UEFI\"}}", etag).status());
    }

    @Test
    void virtualMediaShouldInsertAndEjectOnTheManager() {
        SimulatedBmc hpe = fleet.bmc(4);
        Redfish rf = new Redfish(hpe);
        String cd = hpe.managerPath() + "/VirtualMedia/2";
        assertEquals(2, rf.get(hpe.managerPath() + "/VirtualMedia").json().get("Members@odata.count").asInt());
        assertTrue(!rf.get(cd).json().get("Inserted").asBoolean());
        String target = rf.get(cd).text("/Actions/#VirtualMedia.InsertMedia/target");
        assertEquals(cd + "/Actions/VirtualMedia.InsertMedia", target);
        assertEquals(204, rf.post(target, "{\"Image\":\"http://10.0.0.1/ipa.iso\",\"Inserted\":true}").status());
        Redfish.Res m = rf.get(cd);
        assertTrue(m.json().get("Inserted").asBoolean());
        assertEquals("http://10.0.0.1/ipa.iso", m.text("/Image"));
        assertEquals(List.of("http://10.0.0.1/ipa.iso"), hpe.insertedMedia());
        assertEquals(400, rf.post(target, "{}").status());
        assertEquals(204, rf.post(cd + "/Actions/VirtualMedia.EjectMedia", "{}").status());
        assertTrue(!rf.get(cd).json().get("Inserted").asBoolean());
        assertTrue(rf.get(hpe.managerPath()).json().at("/VirtualMedia/@odata.id").asText().endsWith("/VirtualMedia"));
    }

    @Test
    void longInsertMediaShouldAnswer202WithATaskMonitorThatCompletes() {
        SimulatedBmc b = fleet.bmc(3);
        Redfish rf = new Redfish(b);
        String slot = b.managerPath() + "/VirtualMedia/CD1";
        long t0 = System.nanoTime();
        Redfish.Res accepted = rf.post(slot + "/Actions/VirtualMedia.InsertMedia", "{\"Image\":\"http://x/boot.iso\"}");
        assertEquals(202, accepted.status());
        String monitor = accepted.header("Location");
        assertTrue(monitor.startsWith("/redfish/v1/TaskService/TaskMonitors/"), monitor);
        assertNotNull(accepted.header("Retry-After"));
        Redfish.Res running = rf.get(monitor);
        assertEquals(202, running.status());
        assertEquals("Running", running.text("/TaskState"));
        assertNotNull(running.header("Retry-After"));
        assertTrue(!rf.get(slot).json().get("Inserted").asBoolean(), "not inserted before the task completes");
        Redfish.awaitMs(() -> rf.get(monitor).status() == 200, Duration.ofSeconds(5), "task completion");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= TASK.toMillis() - 20, "completed after " + ms + " ms");
        assertEquals("Completed", rf.get(monitor).text("/TaskState"));
        assertTrue(rf.get(slot).json().get("Inserted").asBoolean());
        String task = rf.get(monitor).text("/@odata.id");
        assertEquals(200, rf.get(task).status());
        assertEquals(1, rf.get("/redfish/v1/TaskService/Tasks").json().get("Members@odata.count").asInt());
    }

    @Test
    void gpuResetShouldBeATaskThatLandsLateAndTheBmcShouldSayNotReadyMeanwhile() {
        SimulatedBmc gpu = fleet.bmc(2);
        Redfish rf = new Redfish(gpu);
        Redfish.Res root = rf.get("/redfish/v1");
        assertEquals("Generic", root.text("/Vendor"));
        long gpus = 0;
        for (var m : rf.get(gpu.systemPath() + "/Processors").json().get("Members")) {
            if (rf.get(m.get("@odata.id").asText()).text("/ProcessorType").equals("GPU")) {
                gpus++;
            }
        }
        assertEquals(gpu.expectedHardware().gpuCount(), gpus);
        Redfish.Res accepted = rf.post(gpu.systemPath() + "/Actions/ComputerSystem.Reset", "{\"ResetType\":\"On\"}");
        assertEquals(202, accepted.status());
        Redfish.Res busy = rf.get(gpu.systemPath());
        assertEquals(503, busy.status());
        assertEquals("1", busy.header("Retry-After"));
        assertEquals("Off", gpu.powerState(), "accepted, but the reset has not landed yet");
        assertTrue(gpu.hostState().resetPending());
        Redfish.awaitMs(() -> rf.get(gpu.systemPath()).status() == 200, Duration.ofSeconds(5), "BMC ready again");
        Redfish.awaitMs(() -> gpu.powerState().equals("On"), Duration.ofSeconds(5), "reset landed");
        Redfish.awaitMs(() -> rf.get(accepted.header("Location")).status() == 200, Duration.ofSeconds(5), "task done");
    }

    @Test
    void chassisShouldReportPowerThatFollowsTheHost() {
        SimulatedBmc b = fleet.bmc(0);
        Redfish rf = new Redfish(b);
        Redfish.Res ch = rf.get(b.chassisPath());
        assertEquals(b.serialNumber(), ch.text("/SerialNumber"));
        int off = rf.get(b.chassisPath() + "/Power").json().at("/PowerControl/0/PowerConsumedWatts").asInt();
        b.pressPowerButton();
        Redfish.awaitMs(() -> b.powerState().equals("On"), Duration.ofSeconds(5), "On");
        int on = rf.get(b.chassisPath() + "/Power").json().at("/PowerControl/0/PowerConsumedWatts").asInt();
        assertTrue(on > off + 100, "off " + off + " W, on " + on + " W");
        assertTrue(rf.get(b.chassisPath() + "/Thermal").json().has("Temperatures"));
    }
}
