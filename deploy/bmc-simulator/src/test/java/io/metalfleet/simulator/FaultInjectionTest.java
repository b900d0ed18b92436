package io.metalfleet.simulator;

import io.metalfleet.simulator.fault.FaultSpec;
import io.metalfleet.simulator.fault.LatencyModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each fault kind over real sockets, seeded fractions, and the per-BMC concurrency high-water mark. */
class FaultInjectionTest {

    static BmcFleet fleet;

    @BeforeAll
    static void start() {
        fleet = BmcFleet.start(FleetConfig.builder().bmcs(40).basePort(0).latency(Duration.ZERO)
                .profiles("dmtf").powerTransition(Duration.ofMillis(200)).build());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    static long timeMs(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void latencyFaultShouldDelayEveryAnswer() {
        SimulatedBmc b = fleet.bmc(0);
        Redfish rf = new Redfish(b);
        rf.get("/redfish/v1");
        b.faults(FaultSpec.builder().latency(LatencyModel.fixed(Duration.ofMillis(300))).build());
        long ms = timeMs(() -> assertEquals(200, rf.get(b.systemPath()).status()));
        assertTrue(ms >= 290 && ms < 3000, "took " + ms);
        b.clearFaults();
        assertTrue(timeMs(() -> rf.get(b.systemPath())) < 250);
    }

    @Test
    void errorFaultsShouldAnswer500And503WithRetryAfter() {
        SimulatedBmc b = fleet.bmc(1);
        Redfish rf = new Redfish(b);
        b.faults(FaultSpec.builder().errorRate(1).build());
        Redfish.Res r = rf.get(b.systemPath());
        assertEquals(500, r.status());
        assertEquals("Base.1.5.InternalError", r.messageId());
        b.faults(FaultSpec.builder().unavailableRate(1).retryAfterSeconds(7).build());
        Redfish.Res u = rf.get(b.systemPath());
        assertEquals(503, u.status());
        assertEquals("7", u.header("Retry-After"));
        b.faults(FaultSpec.builder().errorRate(0.5).build());
        int errors = 0;
        for (int i = 0; i < 200; i++) {
            errors += rf.get(b.systemPath()).status() == 500 ? 1 : 0;
        }
        assertTrue(errors > 50 && errors < 150, "about half should fail: " + errors);
        b.clearFaults();
        assertEquals(200, rf.get(b.systemPath()).status());
    }

    @Test
    void connectionResetFaultShouldResetTheSocket() {
        SimulatedBmc b = fleet.bmc(2);
        b.faults(FaultSpec.builder().resetRate(1).build());
        RuntimeException e = assertThrows(RuntimeException.class, () -> new Redfish(b).get(b.systemPath()));
        assertInstanceOf(java.io.IOException.class, e.getCause(), e.toString());
        b.clearFaults();
        assertEquals(200, new Redfish(b).get(b.systemPath()).status());
    }

    @Test
    void timeoutFaultShouldNeverAnswer() {
        SimulatedBmc b = fleet.bmc(3);
        b.faults(FaultSpec.builder().timeoutRate(1).build());
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> new Redfish(b).send("GET", b.systemPath(), null, null, Duration.ofMillis(700)));
        assertInstanceOf(HttpTimeoutException.class, e.getCause(), e.toString());
        b.clearFaults();
        assertEquals(200, new Redfish(b).get(b.systemPath()).status());
    }

    @Test
    void stuckPowerShouldNeverFinishItsTransition() {
        SimulatedBmc b = fleet.bmc(4);
        Redfish rf = new Redfish(b);
        b.faults(FaultSpec.builder().stuckPower(true).build());
        assertEquals(204, rf.post(b.systemPath() + "/Actions/ComputerSystem.Reset", "{\"ResetType\":\"On\"}").status());
        sleep(600);
        assertEquals("PoweringOn", rf.get(b.systemPath()).text("/PowerState"));
        b.clearFaults();
        assertEquals("On", rf.get(b.systemPath()).text("/PowerState"));
    }

    @Test
    void stuckBootShouldPowerOnButNeverReachOsRunning() {
        SimulatedBmc b = fleet.bmc(9);
        Redfish rf = new Redfish(b);
        b.faults(FaultSpec.builder().stuckBoot(true).build());
        assertEquals(204, rf.post(b.systemPath() + "/Actions/ComputerSystem.Reset", "{\"ResetType\":\"On\"}").status());
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"On".equals(rf.get(b.systemPath()).text("/PowerState")) && System.currentTimeMillis() < deadline) {
            sleep(50);
        }
        assertEquals("On", rf.get(b.systemPath()).text("/PowerState"));
        // watched for longer than the fleet's 3 s boot time: the boot never completes
        long watchUntil = System.currentTimeMillis() + 4_000;
        String progress = null;
        while (System.currentTimeMillis() < watchUntil) {
            progress = rf.get(b.systemPath()).text("/BootProgress/LastState");
            assertTrue(!"OSRunning".equals(progress), "a stuck boot reported OSRunning");
            sleep(200);
        }
        assertEquals("OSBootStarted", progress);
        b.clearFaults();
        assertEquals("OSRunning", rf.get(b.systemPath()).text("/BootProgress/LastState"));
        rf.post(b.systemPath() + "/Actions/ComputerSystem.Reset", "{\"ResetType\":\"ForceOff\"}");
    }

    @Test
    void flappingPowerShouldShowBothStates() {
        SimulatedBmc b = fleet.bmc(5);
        Redfish rf = new Redfish(b);
        b.faults(FaultSpec.builder().flapPeriodMs(100).build());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30 && seen.size() < 2; i++) {
            seen.add(rf.get(b.systemPath()).text("/PowerState"));
            sleep(35);
        }
        assertEquals(Set.of("On", "Off"), seen);
        b.clearFaults();
        assertEquals("Off", rf.get(b.systemPath()).text("/PowerState"));
    }

    @Test
    void sessionExhaustionShouldRejectEveryLogin() {
        SimulatedBmc b = fleet.bmc(6);
        b.faults(FaultSpec.builder().sessionExhaustion(true).build());
        Redfish.Res r = new Redfish(b).anonymous().post("/redfish/v1/SessionService/Sessions",
                SessionAndAuthTest.login(b));
        assertEquals(503, r.status());
        assertTrue(r.messageId().endsWith("CreateLimitReachedForResource"));
        assertEquals(0, b.sessionsOpen());
        b.clearFaults();
        assertEquals(201, new Redfish(b).anonymous().post("/redfish/v1/SessionService/Sessions",
                SessionAndAuthTest.login(b)).status());
        b.dropSessions();
    }

    @Test
    void aSeededFractionShouldAlwaysHitTheSameBmcs() {
        List<Integer> first = fleet.setFaults(0.25, 7, FaultSpec.builder().errorRate(1).build());
        assertEquals(10, first.size());
        for (int i : first) {
            assertEquals(500, new Redfish(fleet.bmc(i)).get(fleet.bmc(i).systemPath()).status());
        }
        fleet.clearFaults();
        assertEquals(first, fleet.setFaults(0.25, 7, FaultSpec.builder().errorRate(1).build()));
        assertTrue(!first.equals(fleet.setFaults(0.25, 8, FaultSpec.NONE)));
        fleet.clearFaults();
        assertTrue(fleet.bmcs().stream().allMatch(b -> b.faults().isNone()));
    }

    @Test
    void maxConcurrentRequestsShouldRecordTheHighWaterMark() throws Exception {
        SimulatedBmc b = fleet.bmc(7);
        b.faults(FaultSpec.builder().latency(LatencyModel.fixed(Duration.ofMillis(600))).build());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString((b.username() + ":" + b.password()).getBytes());
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create(b.url() + b.systemPath()))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (var c : calls) {
            assertEquals(200, c.get().statusCode());
        }
        assertEquals(12, b.maxConcurrentRequests());
        assertEquals(0, b.inFlightRequests());
        b.clearFaults();
        new Redfish(b).get(b.systemPath());
        assertEquals(12, b.maxConcurrentRequests(), "a sequential request does not lower the high-water mark");
        b.resetCounters();
        assertEquals(0, b.maxConcurrentRequests());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
