package io.metalfleet.provisioning.events;

import io.metalfleet.local.testing.EventProbe;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.local.testing.TestTokens;
import io.metalfleet.provisioning.api.OperationPolling;
import io.metalfleet.provisioning.TestFleet;
import io.metalfleet.simulator.SimulatedBmc;
import io.metalfleet.simulator.fault.FaultSpec;
import io.metalfleet.simulator.fault.LatencyModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** The periodic sync reports a power change made outside Metalfleet (and only those), and a BMC that stops answering. */
@QuarkusTest
class PowerSyncTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldPublishPowerChangedAndHealthChangedFromTheSync() throws Exception {
        SimulatedBmc bmc = TestFleet.fleet().bmc(12);
        String id = "server-s" + UUID.randomUUID().toString().substring(0, 5);
        EventProbe.publish(bootstrap, "inventory.servers", UUID.randomUUID().toString(), "server.enrolled", id,
                TestFleet.enrolled(id, "project-sync", bmc, bmc.password(), "worker"));
        assertEquals(1, EventProbe.await(bootstrap, "provisioning.servers",
                r -> id.equals(r.key()) && "server.inspected".equals(EventProbe.header(r, "ce_type")), 1, Duration.ofSeconds(30)).size());

        bmc.pressPowerButton(); // Off → On, by hand
        List<ConsumerRecord<String, String>> changed = EventProbe.await(bootstrap, "provisioning.servers",
                r -> id.equals(r.key()) && "server.power-changed".equals(EventProbe.header(r, "ce_type")), 1, Duration.ofSeconds(20));
        assertEquals(1, changed.size());
        JsonNode power = JSON.readTree(changed.get(0).value());
        assertEquals("On", power.path("powerState").asText());
        assertEquals("Off", power.path("previousPowerState").asText());

        bmc.faults(FaultSpec.builder().resetRate(1).build());
        List<ConsumerRecord<String, String>> health = EventProbe.await(bootstrap, "provisioning.servers",
                r -> id.equals(r.key()) && "server.health-changed".equals(EventProbe.header(r, "ce_type")), 1, Duration.ofSeconds(30));
        bmc.clearFaults();
        assertEquals(1, health.size());
        JsonNode h = JSON.readTree(health.get(0).value());
        assertEquals("unreachable", h.path("status").asText());
        assertFalse(h.path("failureReasons").isEmpty());
    }

    /**
     * Metalfleet's own operations are not changes made outside it: an iLO's power-cycle (ForceOff, then On) passes
     * through Off, and each request here takes 400 ms, so the sync (every 2 s) would find the host in a state its row
     * does not say yet, operation after operation. It must not read a BMC while an operation changes it.
     */
    @Test
    void shouldNotReportMetalfleetsOwnPowerOperationsAsOutsideChanges() throws Exception {
        String project = "project-sync-own";
        SimulatedBmc bmc = TestFleet.fleet().bmc(13); // the HPE profile: no PowerCycle, so ForceOff then On
        String id = "server-o" + UUID.randomUUID().toString().substring(0, 5);
        EventProbe.publish(bootstrap, "inventory.servers", UUID.randomUUID().toString(), "server.enrolled", id,
                TestFleet.enrolled(id, project, bmc, bmc.password(), "worker"));
        assertEquals(1, EventProbe.await(bootstrap, "provisioning.servers",
                r -> id.equals(r.key()) && "server.inspected".equals(EventProbe.header(r, "ce_type")), 1, Duration.ofSeconds(30)).size());
        long since = System.currentTimeMillis();
        bmc.faults(FaultSpec.builder().latency(LatencyModel.fixed(Duration.ofMillis(400))).build());
        try {
            for (String action : List.of("On", "PowerCycle", "ForceOff", "On", "PowerCycle")) {
                JsonPath op = runOperation(project, id, action);
                assertEquals("succeeded", op.getString("state"), op.prettify());
            }
        } finally {
            bmc.clearFaults();
        }
        assertEquals("On", bmc.powerState());
        List<ConsumerRecord<String, String>> changed = EventProbe.await(bootstrap, "provisioning.servers",
                r -> id.equals(r.key()) && r.timestamp() >= since && "server.power-changed".equals(EventProbe.header(r, "ce_type")),
                1, Duration.ofSeconds(5));
        assertEquals(List.of(), changed.stream().map(ConsumerRecord::value).toList(), "our own operations reported as outside changes");
    }

    private static JsonPath runOperation(String project, String serverId, String action) throws InterruptedException {
        String base = "/v1/regions/us-test-1/projects/" + project + "/infrastructure";
        String token = "Bearer " + TestTokens.operator(project);
        String location = given().header("Authorization", token).contentType(ContentType.JSON)
                .body("{\"serverIds\":[\"" + serverId + "\"],\"action\":\"" + action + "\"}")
                .post(base + "/servers:batchPower").then().statusCode(202).extract().header("Location");
        return OperationPolling.awaitFinished(location, token);
    }
}
