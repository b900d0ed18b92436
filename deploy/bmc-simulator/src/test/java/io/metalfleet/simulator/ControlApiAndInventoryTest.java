package io.metalfleet.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control API endpoints, the inventory and its agreement with what Redfish inspection finds. */
class ControlApiAndInventoryTest {

    static BmcFleet fleet;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        fleet = BmcFleet.start(FleetConfig.builder().bmcs(30).basePort(0).latency(Duration.ZERO)
                .powerTransition(Duration.ofMillis(100)).seed(42).build());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.controlPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String method, String path, String body) throws Exception {
        HttpResponse<String> r = call(method, path, body);
        assertEquals(200, r.statusCode(), r.body());
        return Redfish.JSON.readTree(r.body());
    }

    @Test
    void fleetAndBmcEndpointsShouldDescribeTheFleet() throws Exception {
        JsonNode summary = json("GET", "/fleet", null);
        assertEquals(30, summary.get("bmcs").asInt());
        assertEquals(10, summary.at("/profiles/hpe").asInt());
        JsonNode inv = json("GET", "/bmcs", null);
        assertEquals(30, inv.get("bmcs").size());
        assertEquals(fleet.bmc(5).address(), inv.get("bmcs").get(5).get("address").asText());
        JsonNode one = json("GET", "/bmcs/5", null);
        assertEquals("Off", one.at("/state/powerState").asText());
        assertEquals(404, call("GET", "/bmcs/99", null).statusCode());
    }

    @Test
    void powerButtonAndCountersShouldWorkThroughTheControlApi() throws Exception {
        SimulatedBmc b = fleet.bmc(9);
        new Redfish(b).get(b.systemPath());
        JsonNode before = json("GET", "/bmcs/9", null);
        assertEquals(1, before.at("/counters/requestsByPath/GET " + b.systemPath().replace("/", "~1")).asInt());
        json("POST", "/bmcs/9/power", "{\"action\":\"press\"}");
        Redfish.awaitMs(() -> b.powerState().equals("On"), Duration.ofSeconds(5), "On");
        json("POST", "/counters/reset", null);
        assertEquals(0, json("GET", "/bmcs/9", null).at("/counters/requests").asInt());
        assertEquals(400, call("POST", "/bmcs/9/power", "{\"action\":\"kick\"}").statusCode());
    }

    @Test
    void faultsShouldBeSettablePerBmcAndForAFraction() throws Exception {
        SimulatedBmc b = fleet.bmc(11);
        json("PUT", "/bmcs/11/faults", "{\"unavailableRate\":1.0,\"retryAfterSeconds\":3}");
        Redfish.Res r = new Redfish(b).get(b.systemPath());
        assertEquals(503, r.status());
        assertEquals("3", r.header("Retry-After"));
        assertEquals(3, json("GET", "/bmcs/11/faults", null).get("retryAfterSeconds").asInt());
        json("DELETE", "/bmcs/11/faults", null);
        assertEquals(200, new Redfish(b).get(b.systemPath()).status());
        JsonNode picked = json("POST", "/faults", "{\"fraction\":0.2,\"seed\":3,\"faults\":{\"latency\":\"fixed:250\"}}");
        assertEquals(6, picked.get("count").asInt());
        SimulatedBmc slow = fleet.bmc(picked.get("bmcs").get(0).asInt());
        long t0 = System.nanoTime();
        new Redfish(slow).get(slow.systemPath());
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 240);
        json("DELETE", "/faults", null);
        assertTrue(slow.faults().isNone());
        assertEquals(400, call("PUT", "/bmcs/11/faults", "{\"errorRate\":7}").statusCode());
    }

    @Test
    void metricsShouldExposeFleetTotalsForPrometheus() throws Exception {
        new Redfish(fleet.bmc(0)).get("/redfish/v1");
        HttpResponse<String> m = call("GET", "/metrics", null);
        assertEquals(200, m.statusCode());
        assertTrue(m.body().contains("simulator_redfish_requests_total{method=\"GET\"}"), m.body());
        assertTrue(m.body().contains("simulator_bmcs 30.0"), m.body());
    }

    @Test
    void inventoryShouldMatchWhatRedfishInspectionFinds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("inventory.json");
        fleet.writeInventory(file);
        JsonNode inv = Redfish.JSON.readTree(file.toFile());
        Set<String> uuids = new HashSet<>();
        Set<String> macs = new HashSet<>();
        for (JsonNode e : inv.get("bmcs")) {
            uuids.add(e.get("uuid").asText());
            e.get("macAddresses").forEach(m -> macs.add(m.asText()));
        }
        assertEquals(30, uuids.size(), "unique UUIDs");
        assertEquals(fleet.bmcs().stream().mapToInt(b -> b.expectedHardware().nicCount()).sum(), macs.size(), "unique MACs");
        for (int i = 0; i < 3; i++) {
            JsonNode e = inv.get("bmcs").get(i);
            SimulatedBmc b = fleet.bmc(i);
            Redfish rf = new Redfish(b).basic(e.get("username").asText(), e.get("password").asText());
            Redfish.Res sys = rf.get(e.get("systemPath").asText());
            assertEquals(e.get("uuid").asText(), sys.text("/UUID"));
            assertEquals(e.get("serialNumber").asText(), sys.text("/SerialNumber"));
            JsonNode hw = e.get("expectedHardware");
            assertEquals(hw.get("memoryGiB").asInt(), sys.json().at("/MemorySummary/TotalSystemMemoryGiB").asInt());
            assertEquals(hw.get("totalCores").asInt(), sys.json().at("/ProcessorSummary/CoreCount").asInt());
            int cpus = 0;
            int gpus = 0;
            for (JsonNode m : rf.get(b.systemPath() + "/Processors").json().get("Members")) {
                String type = rf.get(m.get("@odata.id").asText()).text("/ProcessorType");
                cpus += type.equals("CPU") ? 1 : 0;
                gpus += type.equals("GPU") ? 1 : 0;
            }
            assertEquals(hw.get("cpuCount").asInt(), cpus);
            assertEquals(hw.get("gpuCount").asInt(), gpus);
            long mib = 0;
            JsonNode dimms = rf.get(b.systemPath() + "/Memory").json().get("Members");
            for (JsonNode m : dimms) {
                mib += rf.get(m.get("@odata.id").asText()).json().get("CapacityMiB").asLong();
            }
            assertEquals(hw.get("memoryGiB").asLong() * 1024, mib);
            Set<String> nicMacs = new HashSet<>();
            for (JsonNode n : rf.get(b.systemPath() + "/EthernetInterfaces").json().get("Members")) {
                nicMacs.add(rf.get(n.get("@odata.id").asText()).text("/MACAddress"));
            }
            Set<String> expected = new HashSet<>();
            e.get("macAddresses").forEach(m -> expected.add(m.asText()));
            assertEquals(expected, nicMacs);
            assertEquals(hw.get("diskCount").asInt(),
                    rf.get(b.systemPath() + "/Storage/1").json().get("Drives@odata.count").asInt());
        }
    }

    @Test
    void theSameSeedShouldBuildTheSameFleet() {
        try (BmcFleet again = BmcFleet.start(FleetConfig.builder().bmcs(30).basePort(0).controlPort(-1)
                .latency(Duration.ZERO).seed(42).build())) {
            for (int i = 0; i < 30; i++) {
                assertEquals(fleet.bmc(i).uuid(), again.bmc(i).uuid());
                assertEquals(fleet.bmc(i).password(), again.bmc(i).password());
                assertEquals(fleet.bmc(i).expectedHardware(), again.bmc(i).expectedHardware());
            }
            assertEquals(-1, again.controlPort());
        }
    }
}
