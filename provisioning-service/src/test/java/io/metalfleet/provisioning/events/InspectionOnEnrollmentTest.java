package io.metalfleet.provisioning.events;

import io.metalfleet.local.testing.EventProbe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.TestFleet;
import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.simulator.BmcFleet;
import io.metalfleet.simulator.FleetConfig;
import io.metalfleet.simulator.SimulatedBmc;
import io.metalfleet.simulator.profile.HardwareShape;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** server.enrolled on inventory.servers → the BMC is inspected → server.inspected (or inspection-failed) on provisioning.servers. */
@QuarkusTest
class InspectionOnEnrollmentTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Pool database;
    @Inject
    RedfishEngine engine;

    @Test
    void shouldPublishHardwareSpecsOfAnEnrolledServer() throws Exception {
        SimulatedBmc bmc = TestFleet.fleet().bmc(2); // the GPU profile
        String id = "server-" + UUID.randomUUID().toString().substring(0, 6);
        String eventId = UUID.randomUUID().toString();
        String data = TestFleet.enrolled(id, "project-a", bmc, bmc.password(), "gpu-worker");
        EventProbe.publish(bootstrap, "inventory.servers", eventId, "server.enrolled", id, data);
        // the same event again (at-least-once delivery): applied once
        EventProbe.publish(bootstrap, "inventory.servers", eventId, "server.enrolled", id, data);

        List<ConsumerRecord<String, String>> found = EventProbe.await(bootstrap, "provisioning.servers",
                r -> id.equals(r.key()), 1, Duration.ofSeconds(30));
        assertEquals(1, found.size());
        ConsumerRecord<String, String> record = found.get(0);
        assertEquals("server.inspected", EventProbe.header(record, "ce_type"));
        assertEquals(id, EventProbe.header(record, "ce_subject"));
        JsonNode event = JSON.readTree(record.value());
        HardwareShape hw = bmc.expectedHardware();
        assertEquals(id, event.path("serverId").asText());
        assertEquals(hw.cpuModel(), event.at("/hardwareSpecs/cpu/model").asText());
        assertEquals(hw.totalCores(), event.at("/hardwareSpecs/cpu/cores").asInt());
        assertEquals(hw.memoryGiB(), event.at("/hardwareSpecs/ram/totalGiB").asInt());
        assertEquals(hw.gpuCount(), event.at("/hardwareSpecs/gpu/count").asInt());
        assertEquals(hw.gpuModel(), event.at("/hardwareSpecs/gpu/model").asText());
        assertEquals(bmc.serialNumber(), event.at("/system/serialNumber").asText());
        assertEquals(bmc.macAddresses().get(0), event.at("/nics/0/macAddress").asText());
        assertFalse(record.value().contains(bmc.password()), "no credential in the event");

        List<ConsumerRecord<String, String>> again = EventProbe.await(bootstrap, "provisioning.servers",
                r -> id.equals(r.key()), 2, Duration.ofSeconds(2));
        assertEquals(1, again.size(), "a redelivered enrollment is not inspected twice");
    }

    @Test
    void shouldReportAFailedInspectionWithItsReason() throws Exception {
        SimulatedBmc bmc = TestFleet.fleet().bmc(3);
        String id = "server-" + UUID.randomUUID().toString().substring(0, 6);
        EventProbe.publish(bootstrap, "inventory.servers", UUID.randomUUID().toString(), "server.enrolled", id,
                TestFleet.enrolled(id, "project-a", bmc, "wrong-password", "worker"));
        List<ConsumerRecord<String, String>> found = EventProbe.await(bootstrap, "provisioning.servers",
                r -> id.equals(r.key()), 1, Duration.ofSeconds(30));
        assertEquals(1, found.size());
        assertEquals("server.inspection-failed", EventProbe.header(found.get(0), "ce_type"));
        String reason = JSON.readTree(found.get(0).value()).path("reason").asText();
        assertTrue(reason.startsWith("auth:"), reason);
        assertFalse(reason.contains("wrong-password"));
    }

    @Test
    void shouldRecordTheCertificatePinOfAnHttpsBmcAtEnrollment() throws Exception {
        try (BmcFleet https = BmcFleet.start(FleetConfig.builder().bmcs(1).basePort(0).controlPort(-1).profiles("dmtf")
                .https(true).latency(Duration.ofMillis(5)).build())) {
            SimulatedBmc bmc = https.bmc(0);
            String id = "server-" + UUID.randomUUID().toString().substring(0, 6);
            EventProbe.publish(bootstrap, "inventory.servers", UUID.randomUUID().toString(), "server.enrolled", id,
                    TestFleet.enrolled(id, "project-a", bmc, bmc.password(), "worker"));
            List<ConsumerRecord<String, String>> found = EventProbe.await(bootstrap, "provisioning.servers",
                    r -> id.equals(r.key()), 1, Duration.ofSeconds(30));
            assertEquals("server.inspected", EventProbe.header(found.get(0), "ce_type"));

            String hostPort = bmc.url().substring("https://".length());
            String pinned = engine.connector().trust().pinOf(hostPort);
            assertTrue(pinned != null && pinned.matches("[0-9a-f]{64}"), "pinned on first contact: " + pinned);
            // written after first contact, without waiting for it: poll the read model
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String recorded = null;
            while (recorded == null && System.nanoTime() < deadline) {
                Row row = database.preparedQuery("SELECT tls_fingerprint FROM servers WHERE id = $1").execute(Tuple.of(id))
                        .await().atMost(Duration.ofSeconds(10)).iterator().next();
                recorded = row.getString("tls_fingerprint");
                if (recorded == null) {
                    Thread.sleep(50);
                }
            }
            assertEquals(pinned, recorded, "the pin is recorded with the server, so a restart refuses a changed certificate");
        }
    }
}
