package io.metalfleet.identity.events;

import io.metalfleet.local.testing.EventProbe;

import static io.metalfleet.identity.Fixtures.ONEZONE;
import static io.metalfleet.identity.Fixtures.asAdmin;
import static io.metalfleet.identity.Fixtures.providerRequest;
import static io.metalfleet.identity.Fixtures.register;
import static io.metalfleet.identity.Fixtures.registrationToken;
import static io.metalfleet.local.testing.EventProbe.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/** provider.registered, cluster.registered and provider.deleted, read back from the real broker as provisioning and cert would. */
@QuarkusTest
class ProducedEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void shouldPublishRegistrationAndDeletionAsCloudEventsKeyedByProviderIdInOrder() throws Exception {
        Map<String, Object> registered = register(providerRequest(registrationToken())).statusCode(200).extract().as(Map.class);
        String id = (String) registered.get("providerId");
        String rootToken = (String) registered.get("providerRootToken");
        asAdmin().delete(ONEZONE + "/providers/" + id).then().statusCode(204);

        List<ConsumerRecord<String, String>> records = EventProbe.await(bootstrap, EventTypes.PROVIDERS_TOPIC,
                r -> id.equals(r.key()), 3, Duration.ofSeconds(30));
        assertEquals(List.of(EventTypes.PROVIDER_REGISTERED, EventTypes.CLUSTER_REGISTERED, EventTypes.PROVIDER_DELETED),
                records.stream().map(r -> header(r, "ce_type")).toList());
        for (ConsumerRecord<String, String> record : records) {
            assertEquals("1.0", header(record, "ce_specversion"));
            UUID.fromString(header(record, "ce_id"));
            assertEquals("urn:metalfleet:identity-service", header(record, "ce_source"));
            assertEquals(id, header(record, "ce_subject"));
            Instant.parse(header(record, "ce_time"));
            assertFalse(record.value().contains(rootToken.substring(rootToken.indexOf('.') + 1)), "no root token in events");
        }

        JsonNode provider = JSON.readTree(records.get(0).value());
        assertEquals(id, provider.path("providerId").asText());
        assertEquals("My provider", provider.path("name").asText());
        assertEquals(registered.get("adminUserId"), provider.path("adminUserId").asText());

        JsonNode cluster = JSON.readTree(records.get(1).value());
        assertEquals(id, cluster.path("clusterId").asText());
        assertEquals(id, cluster.path("providerId").asText());
        assertEquals(provider.path("domain").asText(), cluster.path("domain").asText());
        assertEquals(registered.get("adminUserId"), cluster.path("adminUserId").asText());

        JsonNode deleted = JSON.readTree(records.get(2).value());
        assertEquals(id, deleted.path("providerId").asText());
        Instant.parse(deleted.path("deletedAt").asText());
    }

    @Test
    void shouldPublishNothingForARegistrationThatFailed() {
        String token = registrationToken();
        Map<String, Object> body = providerRequest(token);
        String domain = (String) body.get("domain");
        body.put("latitude", 100);
        register(body).statusCode(400);
        body.put("latitude", 10);
        String id = register(body).statusCode(200).extract().path("providerId");
        List<ConsumerRecord<String, String>> records = EventProbe.await(bootstrap, EventTypes.PROVIDERS_TOPIC,
                r -> r.value() != null && r.value().contains(domain), 3, Duration.ofSeconds(5));
        assertEquals(2, records.size(), "one registration, two events");
        assertEquals(id, records.get(0).key());
    }
}
