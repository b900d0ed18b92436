package io.metalfleet.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Deployments against the services' own configuration sources (application.properties and @ConfigMapping
 * interfaces, read as they are now): every key a service needs on Kubernetes is set, every variable set is one the
 * service reads, and every topic and consumer group its channels name is allowed by its KafkaUser.
 */
class ServiceWiringTest {

    /**
     * Quarkus settings the manifests set that the services' application.properties do not name (the PostgreSQL
     * TLS of components/tls); each is a documented key of the Quarkus reactive datasource.
     */
    private static final Set<String> EXTRA_QUARKUS = Set.of(
            "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE",
            "QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM",
            "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM",
            "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS");

    /** Kafka client settings: Quarkus passes every KAFKA_X_Y variable to the clients as x.y. */
    private static final Set<String> KAFKA_CLIENT_CONFIGS = kafkaConfigs();

    private static final Map<String, String> DATABASE = Map.of("inventory-service", "inventory",
            "provisioning-service", "provisioning", "identity-service", "identity", "cert-service", "cert");

    static Stream<Arguments> overlayAndService() {
        return Rendered.OVERLAYS.stream().flatMap(o -> Repo.SERVICES.stream().map(s -> Arguments.of(o, s)));
    }

    /** Every variable the container gets: its env list plus the ConfigMaps it takes whole. */
    static Map<String, String> environment(Rendered rendered, String service) {
        JsonNode container = OverlayRulesTest.container(rendered.get("Deployment", service));
        Map<String, String> env = new TreeMap<>();
        for (JsonNode from : container.path("envFrom")) {
            assertTrue(from.has("configMapRef"), service + ": take secrets key by key (secretKeyRef), not whole");
            rendered.get("ConfigMap", from.path("configMapRef").path("name").asText()).path("data")
                    .fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), e.has("value") ? e.path("value").asText() : "<from " +
                    e.path("valueFrom").fieldNames().next() + ">");
        }
        return env;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlayAndService")
    void shouldSetEveryKeyTheServiceNeedsOnKubernetes(String overlay, String service) {
        Map<String, String> env = environment(Rendered.overlay(overlay), service);
        Map<String, String> unset = new TreeMap<>(ServiceConfig.of(service).requiredOnKubernetes());
        unset.keySet().removeAll(env.keySet());
        assertEquals(Map.of(), unset, overlay + "/" + service + ": set these in deploy/k8s/base/" + service);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlayAndService")
    void shouldSetOnlyVariablesTheServiceReads(String overlay, String service) {
        Set<String> readable = ServiceConfig.of(service).readableEnv();
        List<String> unread = new ArrayList<>();
        for (String name : environment(Rendered.overlay(overlay), service).keySet()) {
            boolean read = readable.contains(name) || EXTRA_QUARKUS.contains(name)
                    || name.startsWith("KAFKA_") && KAFKA_CLIENT_CONFIGS.contains(
                            name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'));
            if (!read) {
                unread.add(name);
            }
        }
        assertEquals(List.of(), unread, overlay + "/" + service + " sets variables nothing reads");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlayAndService")
    void shouldPointEachServiceAtItsOwnDatabaseAndTheSuiteIssuer(String overlay, String service) {
        Map<String, String> env = environment(Rendered.overlay(overlay), service);
        String db = DATABASE.get(service);
        assertTrue(env.get("QUARKUS_DATASOURCE_REACTIVE_URL").startsWith("postgresql://" + db + "-db-rw:5432/" + db),
                env.toString());
        assertTrue(env.get("QUARKUS_DATASOURCE_JDBC_URL").startsWith("jdbc:postgresql://" + db + "-db-rw:5432/" + db),
                env.toString());
        assertTrue(env.get("QUARKUS_DATASOURCE_USERNAME").contains("secretKeyRef"));
        // The issuer and audience every verifier expects are the ones identity-service issues.
        ServiceConfig identity = ServiceConfig.of("identity-service");
        Map<String, String> identityEnv = environment(Rendered.overlay(overlay), "identity-service");
        for (String claim : List.of("issuer", "audience")) {
            String issued = identityEnv.getOrDefault("METALFLEET_" + claim.toUpperCase(Locale.ROOT),
                    identity.mappedKeys.stream().filter(k -> k.property().equals("metalfleet." + claim)).findFirst()
                            .orElseThrow().defaultValue());
            String verified = env.get(claim.equals("issuer") ? "MP_JWT_VERIFY_ISSUER" : "MP_JWT_VERIFY_AUDIENCES");
            assertEquals(issued, verified, service + " " + claim);
        }
        JsonNode kafkaCa = Rendered.overlay(overlay).get("Deployment", service).path("spec").path("template")
                .path("spec").path("volumes");
        assertTrue(kafkaCa.toString().contains("metalfleet-cluster-ca-cert"), "Kafka's CA is mounted");
        assertTrue(env.get("KAFKA_SSL_TRUSTSTORE_LOCATION").startsWith("/etc/metalfleet/kafka-ca/"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlayAndService")
    void shouldAllowEachServiceTheTopicsAndGroupsItsChannelsUse(String overlay, String service) {
        Rendered rendered = Rendered.overlay(overlay);
        JsonNode user = rendered.get("KafkaUser", service);
        assertEquals("scram-sha-512", user.path("spec").path("authentication").path("type").asText());
        Map<String, Set<String>> allowed = new TreeMap<>();
        Map<String, Set<String>> allowedGroupPrefixes = new TreeMap<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            Map<String, Set<String>> into = "group".equals(resource.path("type").asText())
                    && "prefix".equals(resource.path("patternType").asText()) ? allowedGroupPrefixes : allowed;
            String key = resource.path("type").asText() + ":" + resource.path("name").asText();
            acl.path("operations").forEach(op -> into.computeIfAbsent(key, k -> new TreeSet<>()).add(op.asText()));
        }
        ServiceConfig config = ServiceConfig.of(service);
        config.topics().forEach((topic, modes) -> {
            Set<String> ops = allowed.getOrDefault("topic:" + topic, Set.of());
            if (modes.contains(KafkaPlan.Mode.PRODUCE)) {
                assertTrue(ops.contains("Write"), service + " writes " + topic + " (add it to deploy/k8s/kafka-access.tsv)");
            }
            if (modes.contains(KafkaPlan.Mode.CONSUME)) {
                assertTrue(ops.contains("Read"), service + " reads " + topic + " (add it to deploy/k8s/kafka-access.tsv)");
            }
        });
        config.groups().forEach(group -> assertTrue(allowed.getOrDefault("group:" + group, Set.of()).contains("Read")
                || allowedGroupPrefixes.entrySet().stream().anyMatch(
                        prefix -> ("group:" + group).startsWith(prefix.getKey()) && prefix.getValue().contains("Read")),
                service + " consumes in group " + group));
        Set<String> declared = new TreeSet<>();
        rendered.kind("KafkaTopic").forEach(t -> declared.add(t.path("spec").path("topicName").asText()));
        allowed.keySet().stream().filter(k -> k.startsWith("topic:")).map(k -> k.substring(6))
                .forEach(t -> assertTrue(declared.contains(t), "ACL on an undeclared topic " + t));
        config.topics().keySet().forEach(t -> assertTrue(declared.contains(t), service + " uses undeclared topic " + t));
    }

    @Test
    void shouldDeriveTheRequiredKeysFromTheServicesOwnSources() {
        // Guards the derivation itself: were it to find nothing, the tests above would pass vacuously.
        Map<String, String> inventory = ServiceConfig.of("inventory-service").requiredOnKubernetes();
        assertTrue(inventory.keySet().containsAll(Set.of("METALFLEET_CREDENTIALS_AT_REST_KEY",
                "METALFLEET_CREDENTIALS_SEAL_KEY", "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_DATASOURCE_PASSWORD",
                "QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL", "MP_JWT_VERIFY_PUBLICKEY_LOCATION")),
                inventory.toString());
        List<ServiceConfig.MappedKey> keys = ServiceConfig.mappedKeys("""
                @ConfigMapping(prefix = "metalfleet")
                public interface C {
                    /** {@code a} */
                    Outer outer();
                    @WithDefault("http://127.0.0.1:1") // a comment
                    String publicUrl();
                    interface Outer {
                        @WithName("renamed")
                        String someKey();
                        Optional<String> maybe();
                        @WithDefault("3")
                        int maxThings();
                    }
                }
                """);
        assertEquals(List.of(new ServiceConfig.MappedKey("metalfleet.outer.renamed", null, false),
                new ServiceConfig.MappedKey("metalfleet.outer.maybe", null, true),
                new ServiceConfig.MappedKey("metalfleet.outer.max-things", "3", false),
                new ServiceConfig.MappedKey("metalfleet.public-url", "http://127.0.0.1:1", false)),
                keys);
    }

    private static Set<String> kafkaConfigs() {
        Set<String> names = new TreeSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }
}
