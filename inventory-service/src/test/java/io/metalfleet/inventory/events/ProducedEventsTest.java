package io.metalfleet.inventory.events;

import io.metalfleet.local.testing.EventProbe;

import static io.metalfleet.inventory.Fixtures.REGION;
import static io.metalfleet.inventory.Fixtures.asAdmin;
import static io.metalfleet.inventory.Fixtures.enroll;
import static io.metalfleet.inventory.Fixtures.item;
import static io.metalfleet.inventory.Fixtures.newProject;
import static io.metalfleet.inventory.Fixtures.servers;
import static io.metalfleet.local.testing.EventProbe.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/** Every event inventory produces, read back from the real broker as a subscriber would. */
@QuarkusTest
class ProducedEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "metalfleet.credentials.seal-key")
    String sealKey;

    @Test
    void shouldPublishServerEnrolledAsACloudEventKeyedByServerIdWithSealedCredentials() throws Exception {
        String project = newProject();
        Map<String, Object> item = item("10.66.0.1");
        item.put("bmcCredentials", Map.of("username", "root", "password", "event-s3cret"));
        String id = enroll(project, List.of(item)).statusCode(200).extract().path("succeeded[0].id");

        ConsumerRecord<String, String> record = single(id, EventTypes.SERVER_ENROLLED);
        assertEquals(id, record.key());
        assertEquals("1.0", header(record, "ce_specversion"));
        UUID.fromString(header(record, "ce_id"));
        assertEquals("urn:metalfleet:inventory-service", header(record, "ce_source"));
        assertEquals(id, header(record, "ce_subject"));
        Instant.parse(header(record, "ce_time"));
        assertTrue(header(record, "content-type").startsWith("application/json"));
        assertFalse(record.value().contains("event-s3cret"), "no plaintext password in the event");

        JsonNode data = JSON.readTree(record.value());
        assertEquals(id, data.path("serverId").asText());
        assertEquals(REGION, data.path("region").asText());
        assertEquals(project, data.path("project").asText());
        assertEquals("registered", data.path("server").path("provisioningState").asText());
        assertEquals("https://10.66.0.1:443", data.path("bmc").path("endpoint").asText());
        assertEquals("fleet-1", data.path("bmc").path("credentials").path("keyId").asText());

        byte[] sealed = Base64.getDecoder().decode(data.path("bmc").path("credentials").path("ciphertext").asText());
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(sealKey), "AES"),
                new GCMParameterSpec(128, sealed, 0, 12));
        cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
        String plain = new String(cipher.doFinal(sealed, 12, sealed.length - 12), StandardCharsets.UTF_8);
        assertEquals("root\0event-s3cret", plain, "provisioning-service can unseal with the fleet key");
    }

    @Test
    void shouldPublishServerUpdatedAndServerDeleted() throws Exception {
        String project = newProject();
        String id = enroll(project, List.of(item("10.66.0.2"))).statusCode(200).extract().path("succeeded[0].id");
        asAdmin().body(Map.of("displayName", "renamed")).patch(servers(project) + "/" + id).then().statusCode(200);
        asAdmin().delete(servers(project) + "/" + id).then().statusCode(204);

        JsonNode updated = JSON.readTree(single(id, EventTypes.SERVER_UPDATED).value());
        assertEquals("renamed", updated.path("server").path("displayName").asText());
        assertEquals("displayName", updated.path("changedFields").get(0).asText());

        JsonNode deleted = JSON.readTree(single(id, EventTypes.SERVER_DELETED).value());
        assertEquals(id, deleted.path("serverId").asText());
        assertEquals("https://10.66.0.2:443", deleted.path("bmcEndpoint").asText());
        assertFalse(deleted.path("awaitingRelease").asBoolean());

        List<ConsumerRecord<String, String>> all = EventProbe.await(bootstrap, EventTypes.SERVERS_TOPIC,
                r -> id.equals(r.key()), 3, WAIT);
        assertEquals(List.of(EventTypes.SERVER_ENROLLED, EventTypes.SERVER_UPDATED, EventTypes.SERVER_DELETED),
                all.stream().map(r -> header(r, "ce_type")).toList(), "in order for one server");
    }

    private ConsumerRecord<String, String> single(String id, String type) {
        List<ConsumerRecord<String, String>> found = EventProbe.await(bootstrap, EventTypes.SERVERS_TOPIC,
                r -> id.equals(r.key()) && type.equals(header(r, "ce_type")), 1, WAIT);
        assertEquals(1, found.size(), type + " for " + id);
        assertNotNull(found.get(0).value());
        return found.get(0);
    }
}
