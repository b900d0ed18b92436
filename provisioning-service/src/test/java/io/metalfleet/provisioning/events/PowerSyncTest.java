package io.metalfleet.provisioning.events;

import io.metalfleet.local.testing.EventProbe;

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

import io.metalfleet.provisioning.TestFleet;
import io.metalfleet.simulator.SimulatedBmc;
import io.metalfleet.simulator.fault.FaultSpec;
import io.quarkus.test.junit.QuarkusTest;

/** The periodic sync reports a power change made outside Metalfleet, and a BMC that stops answering. */
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
}
