package io.metalfleet.inventory.events;

import io.metalfleet.local.testing.EventProbe;

import static io.metalfleet.inventory.Fixtures.asAdmin;
import static io.metalfleet.inventory.Fixtures.awaitServer;
import static io.metalfleet.inventory.Fixtures.enroll;
import static io.metalfleet.inventory.Fixtures.item;
import static io.metalfleet.inventory.Fixtures.newProject;
import static io.metalfleet.inventory.Fixtures.servers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** provisioning-service's events, published on the real broker, change the inventory once each. */
@QuarkusTest
class ConsumedEventsTest {

    private static final String TOPIC = "provisioning.servers";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldFillHardwareSpecsAndMakeTheServerAvailableWhenInspected() {
        String project = newProject();
        String id = enroll(project, List.of(item("10.55.0.1"))).statusCode(200).extract().path("succeeded[0].id");

        EventProbe.publish(bootstrap, TOPIC, UUID.randomUUID().toString(), EventTypes.SERVER_INSPECTED, id, """
                {"serverId":"%s","inspectedAt":"2026-11-23T10:00:00Z","hardwareSpecs":{
                  "cpu":{"model":"AMD EPYC 7763","sockets":2,"cores":128,"threads":256},
                  "ram":{"totalGiB":1024},
                  "gpu":{"count":8,"model":"NVIDIA H100 80GB"}}}""".formatted(id));

        JsonPath server = awaitServer(project, id, s -> "available".equals(s.getString("provisioningState")));
        assertEquals("AMD EPYC 7763", server.getString("hardwareSpecs.cpu.model"));
        assertEquals(128, server.getInt("hardwareSpecs.cpu.cores"));
        assertEquals(1024, server.getInt("hardwareSpecs.ram.totalGiB"));
        assertEquals(8, server.getInt("hardwareSpecs.gpu.count"));
        assertEquals("healthy", server.getString("healthStatus.status"));
        assertEquals("2026-11-23T10:00:00Z", server.getString("healthStatus.lastCheckTime"));
    }

    @Test
    void shouldApplyARedeliveredEventOnlyOnce() {
        String project = newProject();
        String id = enroll(project, List.of(item("10.55.0.2"))).statusCode(200).extract().path("succeeded[0].id");
        String eventId = UUID.randomUUID().toString();

        EventProbe.publish(bootstrap, TOPIC, eventId, EventTypes.SERVER_INSPECTED, id,
                "{\"serverId\":\"" + id + "\",\"hardwareSpecs\":{\"cpu\":{\"cores\":16},\"ram\":{},\"gpu\":{}}}");
        // Same CloudEvents id again, with a payload that would change the server if it were applied.
        EventProbe.publish(bootstrap, TOPIC, eventId, EventTypes.SERVER_HEALTH_CHANGED, id,
                "{\"serverId\":\"" + id + "\",\"status\":\"unreachable\",\"failureReasons\":[\"BMC timed out\"]}");
        EventProbe.publish(bootstrap, TOPIC, UUID.randomUUID().toString(), EventTypes.SERVER_STATE_CHANGED, id,
                "{\"serverId\":\"" + id + "\",\"provisioningState\":\"provisioning\"}");

        JsonPath server = awaitServer(project, id, s -> "provisioning".equals(s.getString("provisioningState")));
        assertEquals("healthy", server.getString("healthStatus.status"), "the duplicate was not applied");
        assertEquals(16, server.getInt("hardwareSpecs.cpu.cores"));
    }

    @Test
    void shouldRecordInspectionFailuresAndHealthChanges() {
        String project = newProject();
        String id = enroll(project, List.of(item("10.55.0.3"))).statusCode(200).extract().path("succeeded[0].id");

        EventProbe.publish(bootstrap, TOPIC, UUID.randomUUID().toString(), EventTypes.SERVER_INSPECTION_FAILED, id,
                "{\"serverId\":\"" + id + "\",\"reason\":\"401 Unauthorized: wrong BMC credentials\"}");
        JsonPath failed = awaitServer(project, id, s -> "error".equals(s.getString("provisioningState")));
        assertEquals("unhealthy", failed.getString("healthStatus.status"));
        assertEquals(List.of("inspection failed: 401 Unauthorized: wrong BMC credentials"),
                failed.getList("healthStatus.failureReasons"));

        EventProbe.publish(bootstrap, TOPIC, UUID.randomUUID().toString(), EventTypes.SERVER_HEALTH_CHANGED, id,
                "{\"serverId\":\"" + id + "\",\"status\":\"degraded\",\"failureReasons\":[\"PSU 2 lost input\"],\"checkedAt\":\"2099-01-01T00:00:00Z\"}");
        JsonPath degraded = awaitServer(project, id, s -> "degraded".equals(s.getString("healthStatus.status")));
        assertEquals(List.of("PSU 2 lost input"), degraded.getList("healthStatus.failureReasons"));
    }

    @Test
    void shouldRemoveADeletingServerOnceProvisioningReleasesIt() {
        String project = newProject();
        String id = enroll(project, List.of(item("10.55.0.4"))).statusCode(200).extract().path("succeeded[0].id");
        EventProbe.publish(bootstrap, TOPIC, UUID.randomUUID().toString(), EventTypes.SERVER_INSPECTED, id,
                "{\"serverId\":\"" + id + "\",\"hardwareSpecs\":{}}");
        EventProbe.publish(bootstrap, TOPIC, UUID.randomUUID().toString(), EventTypes.SERVER_STATE_CHANGED, id,
                "{\"serverId\":\"" + id + "\",\"provisioningState\":\"provisioning\"}");
        awaitServer(project, id, s -> "provisioning".equals(s.getString("provisioningState")));

        asAdmin().delete(servers(project) + "/" + id).then().statusCode(202)
                .body("provisioningState", org.hamcrest.Matchers.equalTo("deleting"));
        EventProbe.publish(bootstrap, TOPIC, UUID.randomUUID().toString(), EventTypes.SERVER_STATE_CHANGED, id,
                "{\"serverId\":\"" + id + "\",\"provisioningState\":\"released\"}");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 200;
        while (status != 404 && System.nanoTime() < deadline) {
            status = asAdmin().get(servers(project) + "/" + id).then().extract().statusCode();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertEquals(404, status, "removed after release");
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
