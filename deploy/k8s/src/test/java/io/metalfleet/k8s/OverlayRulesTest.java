package io.metalfleet.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.local.infra.Topics;

/** The rules every rendered overlay keeps: probes, limits, security, images, secrets, scale and disruption. */
class OverlayRulesTest {

    /** Names and keys whose values are secrets: only ever referenced, never written. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|JAAS|PRIVATE|_KEY$|^KEY$).*");

    static Stream<Rendered> overlays() {
        return Rendered.OVERLAYS.stream().map(Rendered::overlay);
    }

    static JsonNode container(JsonNode deployment) {
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size(), "one container per service pod");
        return containers.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldRunEveryServiceWithProbesLimitsAndALockedDownContainer(Rendered rendered) {
        assertEquals(new TreeSet<>(Repo.SERVICES), names(rendered.kind("Deployment")));
        for (String service : Repo.SERVICES) {
            JsonNode deployment = rendered.get("Deployment", service);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode c = container(deployment);
            String where = rendered + "/" + service;
            assertEquals("/q/health/started", c.path("startupProbe").path("httpGet").path("path").asText(), where);
            assertEquals("/q/health/live", c.path("livenessProbe").path("httpGet").path("path").asText(), where);
            assertEquals("/q/health/ready", c.path("readinessProbe").path("httpGet").path("path").asText(), where);
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertFalse(c.path("resources").path(kind).path(resource).asText().isEmpty(),
                            where + " " + kind + "." + resource);
                }
            }
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), where + " runAsNonRoot");
            assertTrue(pod.path("securityContext").path("runAsUser").asInt() > 0, where + " runAsUser");
            assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText());
            assertTrue(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean(), where + " read-only root");
            assertFalse(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true), where);
            assertEquals("[\"ALL\"]", c.path("securityContext").path("capabilities").path("drop").toString(), where);
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), where + " no API token");
            assertEquals(service, pod.path("serviceAccountName").asText(), where);
            assertTrue(rendered.find("ServiceAccount", service).isPresent(), where + " ServiceAccount");
            // A writable /tmp for the JVM, as the root filesystem is not.
            assertTrue(c.path("volumeMounts").findValuesAsText("mountPath").contains("/tmp"), where + " /tmp");
            JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
            boolean scraped = "true".equals(annotations.path("prometheus.io/scrape").asText())
                    && "/q/metrics".equals(annotations.path("prometheus.io/path").asText());
            assertTrue(scraped || !rendered.kind("ServiceMonitor").isEmpty(), where + " scrape annotations");
            String port = String.valueOf(c.path("ports").get(0).path("containerPort").asInt());
            assertEquals(port, annotations.path("prometheus.io/port").asText(), where);
            // The image is the one kustomize set: a registry path and an explicit tag.
            assertTrue(c.path("image").asText().matches("[a-z0-9.-]+/metalfleet/" + service + ":[A-Za-z0-9._-]+"),
                    where + " image " + c.path("image").asText());
            assertFalse(c.path("image").asText().endsWith(":latest"), where);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldNeverCarryASecretValue(Rendered rendered) {
        List<String> leaks = new ArrayList<>();
        assertEquals(List.of(), rendered.kind("Secret"), "Secrets are created in the cluster, never rendered");
        for (JsonNode deployment : rendered.kind("Deployment")) {
            for (JsonNode env : container(deployment).path("env")) {
                if (env.has("value") && SECRET_NAME.matcher(env.path("name").asText()).matches()) {
                    leaks.add(deployment.path("metadata").path("name").asText() + " env " + env.path("name").asText());
                }
            }
        }
        for (JsonNode map : rendered.kind("ConfigMap")) {
            map.path("data").fieldNames().forEachRemaining(key -> {
                if (SECRET_NAME.matcher(key).matches()) {
                    leaks.add("ConfigMap " + map.path("metadata").path("name").asText() + " " + key);
                }
            });
            // Credentials inside a URL (user:password@host) are secrets too.
            map.path("data").forEach(v -> {
                if (v.asText().matches("(?s).*://[^/@\\s]+:[^/@\\s]+@.*")) {
                    leaks.add("ConfigMap " + map.path("metadata").path("name").asText() + " has a URL with a password");
                }
            });
        }
        assertEquals(List.of(), leaks);
        // And every secret a service needs does arrive by reference.
        for (String service : Repo.SERVICES) {
            JsonNode env = container(rendered.get("Deployment", service)).path("env");
            for (String name : List.of("QUARKUS_DATASOURCE_PASSWORD", "KAFKA_SASL_JAAS_CONFIG")) {
                boolean referenced = false;
                for (JsonNode e : env) {
                    referenced |= e.path("name").asText().equals(name) && e.path("valueFrom").has("secretKeyRef");
                }
                assertTrue(referenced, rendered + "/" + service + " " + name + " from a Secret");
            }
        }
    }

    @Test
    void shouldRunOneOfEverythingInDev() {
        Rendered dev = Rendered.overlay("dev");
        dev.kind("Deployment").forEach(d -> assertEquals(1, d.path("spec").path("replicas").asInt(), d.toString()));
        assertEquals(1, dev.kind("KafkaNodePool").get(0).path("spec").path("replicas").asInt());
        dev.kind("KafkaTopic").forEach(t -> assertEquals(1, t.path("spec").path("replicas").asInt()));
        dev.kind("KafkaTopic").forEach(t -> assertEquals(1, t.path("spec").path("config").path("min.insync.replicas").asInt()));
        assertEquals(1, dev.kind("Kafka").get(0).path("spec").path("kafka").path("config")
                .path("offsets.topic.replication.factor").asInt());
        dev.kind("Cluster").forEach(c -> assertEquals(1, c.path("spec").path("instances").asInt()));
        assertTrue(dev.kind("HorizontalPodAutoscaler").isEmpty());
    }

    @Test
    void shouldSpreadAndProtectEveryServiceInProd() {
        Rendered prod = Rendered.overlay("prod");
        for (String service : Repo.SERVICES) {
            JsonNode deployment = prod.get("Deployment", service);
            assertTrue(deployment.path("spec").path("replicas").asInt() >= 2, service + " replicas");
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode antiAffinity = pod.path("affinity").path("podAntiAffinity")
                    .path("preferredDuringSchedulingIgnoredDuringExecution");
            assertEquals(service, antiAffinity.get(0).path("podAffinityTerm").path("labelSelector").path("matchLabels")
                    .path("app.kubernetes.io/name").asText(), service + " anti-affinity");
            JsonNode pdb = prod.get("PodDisruptionBudget", service);
            assertEquals(service, pdb.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText());
            assertTrue(pdb.path("spec").has("maxUnavailable") || pdb.path("spec").has("minAvailable"));
        }
        int replicas = prod.kind("KafkaNodePool").get(0).path("spec").path("replicas").asInt();
        assertTrue(replicas >= 3, "three Kafka nodes");
        prod.kind("KafkaTopic").forEach(t -> assertTrue(t.path("spec").path("replicas").asInt() <= replicas));
        prod.kind("KafkaTopic").forEach(t -> assertEquals(3, t.path("spec").path("replicas").asInt()));
        prod.kind("Cluster").forEach(c -> assertEquals(3, c.path("spec").path("instances").asInt()));
    }

    @Test
    void shouldScaleProvisioningUpToThePartitionsOfItsCommandTopic() {
        Rendered prod = Rendered.overlay("prod");
        List<JsonNode> hpas = prod.kind("HorizontalPodAutoscaler");
        assertEquals(1, hpas.size());
        JsonNode spec = hpas.get(0).path("spec");
        assertEquals("provisioning-service", spec.path("scaleTargetRef").path("name").asText());
        assertEquals("Deployment", spec.path("scaleTargetRef").path("kind").asText());
        int partitions = Topics.partitionsByTopic().get("provisioning.commands");
        assertEquals(partitions, spec.path("maxReplicas").asInt(), "a replica past the partition count idles");
        int min = spec.path("minReplicas").asInt();
        assertTrue(min >= 2 && min <= partitions, "minReplicas " + min);
        assertEquals(min, prod.get("Deployment", "provisioning-service").path("spec").path("replicas").asInt(),
                "the Deployment starts at the HPA's floor");
    }

    static Set<String> names(List<JsonNode> docs) {
        Set<String> names = new TreeSet<>();
        docs.forEach(d -> names.add(d.path("metadata").path("name").asText()));
        return names;
    }
}
