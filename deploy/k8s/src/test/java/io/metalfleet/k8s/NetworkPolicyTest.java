package io.metalfleet.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The prod overlay's network policies, read as a whole: who may reach a service's HTTP port, and where each
 * service may connect. Evaluated from the rendered policies, so a new policy that opens a way fails here.
 */
class NetworkPolicyTest {

    private static final String TIER = "metalfleet.io/tier";
    private static final Map<String, String> DATABASE = Map.of("inventory-service", "inventory-db",
            "provisioning-service", "provisioning-db", "identity-service", "identity-db", "cert-service", "cert-db");

    private final Rendered prod = Rendered.overlay("prod");

    /** Policies whose podSelector selects the pods of {@code service}. */
    private List<JsonNode> policiesFor(String service) {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", service, TIER, "service");
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode policy : prod.kind("NetworkPolicy")) {
            JsonNode match = policy.path("spec").path("podSelector").path("matchLabels");
            boolean selects = true;
            for (var it = match.fields(); it.hasNext();) {
                var e = it.next();
                selects &= e.getValue().asText().equals(labels.get(e.getKey()));
            }
            if (selects) {
                out.add(policy);
            }
        }
        return out;
    }

    @Test
    void shouldDenyEverythingNotAllowed() {
        for (String service : Repo.SERVICES) {
            boolean denies = policiesFor(service).stream().anyMatch(p -> p.path("spec").path("policyTypes").toString()
                    .contains("Ingress") && p.path("spec").path("policyTypes").toString().contains("Egress")
                    && p.path("spec").path("ingress").isMissingNode() && p.path("spec").path("egress").isMissingNode());
            assertTrue(denies, service + " has a default-deny policy");
        }
    }

    @Test
    void shouldLetOnlyTheGatewayReachTheServicesHttpPorts() {
        for (String service : Repo.SERVICES) {
            Set<String> sources = new TreeSet<>();
            for (JsonNode policy : policiesFor(service)) {
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    for (JsonNode from : rule.path("from")) {
                        sources.add(from.toString());
                    }
                    assertTrue(rule.has("from"), policy + ": an ingress rule without sources admits everyone");
                }
            }
            Set<String> expected = new TreeSet<>(Set.of(
                    "{\"namespaceSelector\":{},\"podSelector\":{\"matchLabels\":{\"gateway.networking.k8s.io/gateway-name\":\"metalfleet\"}}}",
                    // Prometheus scraping /q/metrics (components/monitoring).
                    "{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"monitoring\"}}}"));
            if (service.equals("identity-service")) {
                // The other services fetch the JWKS to verify tokens.
                expected.add("{\"podSelector\":{\"matchLabels\":{\"" + TIER + "\":\"service\"}}}");
            }
            assertEquals(expected, sources, service);
        }
    }

    @Test
    void shouldLetEachServiceReachOnlyItsDatabaseKafkaDnsAndTheIssuer() {
        for (String service : Repo.SERVICES) {
            Set<String> databases = new TreeSet<>();
            List<String> ipBlocks = new ArrayList<>();
            Set<String> others = new TreeSet<>();
            for (JsonNode policy : policiesFor(service)) {
                for (JsonNode rule : policy.path("spec").path("egress")) {
                    assertTrue(rule.has("to"), policy + ": an egress rule without destinations opens everything");
                    for (JsonNode to : rule.path("to")) {
                        JsonNode labels = to.path("podSelector").path("matchLabels");
                        if (labels.has("cnpg.io/cluster")) {
                            databases.add(labels.path("cnpg.io/cluster").asText());
                        } else if (to.has("ipBlock")) {
                            ipBlocks.add(to.path("ipBlock").path("cidr").asText());
                        } else {
                            others.add(labels.toString());
                        }
                    }
                }
            }
            assertEquals(Set.of(DATABASE.get(service)), databases, service + " databases");
            assertEquals(service.equals("provisioning-service"), !ipBlocks.isEmpty(),
                    service + " BMC networks " + ipBlocks);
            Set<String> expected = new TreeSet<>(Set.of(
                    // kubectl prints labels sorted by key.
                    "{\"strimzi.io/broker-role\":\"true\",\"strimzi.io/cluster\":\"metalfleet\"}",
                    "{\"k8s-app\":\"kube-dns\"}"));
            if (!service.equals("identity-service")) {
                expected.add("{\"app.kubernetes.io/name\":\"identity-service\"}");
            }
            assertEquals(expected, others, service);
        }
    }

    @Test
    void shouldAdmitOnlyTheServicesToTheKafkaListener() {
        JsonNode listeners = prod.kind("Kafka").get(0).path("spec").path("kafka").path("listeners");
        for (JsonNode listener : listeners) {
            assertTrue(listener.path("tls").asBoolean(), "TLS listener " + listener);
            assertEquals("scram-sha-512", listener.path("authentication").path("type").asText());
            assertEquals("{\"podSelector\":{\"matchLabels\":{\"" + TIER + "\":\"service\"}}}",
                    listener.path("networkPolicyPeers").get(0).toString());
        }
        assertEquals("simple", prod.kind("Kafka").get(0).path("spec").path("kafka").path("authorization").path("type").asText());
    }
}
