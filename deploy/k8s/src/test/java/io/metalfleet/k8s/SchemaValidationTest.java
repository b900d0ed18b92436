package io.metalfleet.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

/**
 * Offline schema validation: every rendered document is read into the model class of its apiVersion and kind
 * (fabric8's Kubernetes, Gateway API and Prometheus Operator models, Strimzi's own API classes), and a field the
 * model does not know, or a value of the wrong type, fails the test. These models preserve unknown fields instead
 * of rejecting them, so the test walks every object for leftovers. CloudNativePG publishes no Java model: its
 * {@code Cluster} is checked against the fields of its v1 CRD that the manifests use ({@link #CNPG_CLUSTER}); a field
 * outside that list fails, but that list is ours, not the CRD.
 */
class SchemaValidationTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("gateway.networking.k8s.io/v1/Gateway", Gateway.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class));

    /**
     * The CloudNativePG {@code postgresql.cnpg.io/v1 Cluster} fields the manifests may use (from the CRD reference):
     * a path to its JSON type; {@code resources} is checked as a Kubernetes ResourceRequirements.
     */
    static final Map<String, String> CNPG_CLUSTER = Map.ofEntries(
            Map.entry("spec.instances", "int"),
            Map.entry("spec.primaryUpdateStrategy", "string"),
            Map.entry("spec.enableSuperuserAccess", "boolean"),
            Map.entry("spec.imageName", "string"),
            Map.entry("spec.bootstrap.initdb.database", "string"),
            Map.entry("spec.bootstrap.initdb.owner", "string"),
            Map.entry("spec.storage.size", "string"),
            Map.entry("spec.storage.storageClass", "string"),
            Map.entry("spec.resources", "resources"),
            Map.entry("spec.affinity.enablePodAntiAffinity", "boolean"),
            Map.entry("spec.affinity.topologyKey", "string"),
            Map.entry("spec.postgresql.parameters", "map"),
            Map.entry("spec.monitoring.enablePodMonitor", "boolean"));

    static Stream<Rendered> overlays() {
        return Rendered.OVERLAYS.stream().map(Rendered::overlay);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldMatchTheModelOfEveryRenderedKind(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : rendered.docs) {
            String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
            String name = type + " " + doc.path("metadata").path("name").asText();
            if (type.equals("postgresql.cnpg.io/v1/Cluster")) {
                checkCnpgCluster(doc, name, problems);
                continue;
            }
            Class<?> model = MODELS.get(type);
            if (model == null) {
                problems.add(name + ": no schema to check this kind against");
                continue;
            }
            Object parsed;
            try {
                parsed = SERIALIZATION.convertValue(doc, model);
            } catch (RuntimeException e) {
                problems.add(name + ": " + e.getMessage());
                continue;
            }
            unknownFields(parsed, name, problems, new IdentityHashMap<>());
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldFailOnAFieldTheModelDoesNotKnow() throws Exception {
        JsonNode doc = Rendered.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - name: x
                          image: x
                          livenesProbe: {httpGet: {path: /q/health/live, port: http}}
                """).get(0);
        List<String> problems = new ArrayList<>();
        unknownFields(SERIALIZATION.convertValue(doc, Deployment.class), "d", problems, new IdentityHashMap<>());
        assertTrue(problems.toString().contains("livenesProbe"), problems.toString());

        JsonNode topic = Rendered.parse("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 3, replica: 3}
                """).get(0);
        problems.clear();
        unknownFields(SERIALIZATION.convertValue(topic, KafkaTopic.class), "t", problems, new IdentityHashMap<>());
        assertTrue(problems.toString().contains("replica"), problems.toString());

        problems.clear();
        checkCnpgCluster(Rendered.parse("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: c}
                spec: {instances: "3", bootstrap: {initdb: {database: x, ownr: x}}}
                """).get(0), "c", problems);
        assertTrue(problems.stream().anyMatch(p -> p.contains("spec.instances must be int")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("initdb.ownr is not a Cluster field")), problems.toString());
    }

    /** Fields a fabric8 or Strimzi model kept aside because it has no property for them. */
    @SuppressWarnings("unchecked")
    static void unknownFields(Object o, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (o instanceof Enum<?> || !pkg.startsWith("io.fabric8") && !pkg.startsWith("io.strimzi")) {
            return;
        }
        for (Class<?> c = o.getClass(); c != null && !c.getPackageName().startsWith("java."); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                Object value;
                try {
                    value = f.get(o);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (f.getName().equals("additionalProperties") && value instanceof Map<?, ?> extra) {
                    // Free-form maps (labels, Kafka config) are typed Map<String,…> properties, not this one.
                    if (!extra.isEmpty()) {
                        problems.add(path + ": unknown field(s) " + ((Map<String, Object>) extra).keySet());
                    }
                } else {
                    unknownFields(value, path + "." + f.getName(), problems, seen);
                }
            }
        }
    }

    static void checkCnpgCluster(JsonNode doc, String name, List<String> problems) {
        walkCnpg(doc.path("spec"), "spec", name, problems);
        if (!doc.path("spec").path("instances").canConvertToInt() || doc.path("spec").path("instances").asInt() < 1) {
            problems.add(name + ": spec.instances must be a positive integer");
        }
        for (String field : Set.of("database", "owner")) {
            String value = doc.path("spec").path("bootstrap").path("initdb").path(field).asText();
            if (!value.matches("[a-z_][a-z0-9_]*")) {
                problems.add(name + ": spec.bootstrap.initdb." + field + " must be a plain PostgreSQL name: " + value);
            }
        }
    }

    private static void walkCnpg(JsonNode node, String path, String name, List<String> problems) {
        String type = CNPG_CLUSTER.get(path);
        if (type == null) {
            if (!node.isObject()) {
                problems.add(name + ": " + path + " is not a Cluster field the manifests may use");
                return;
            }
            node.fields().forEachRemaining(f -> walkCnpg(f.getValue(), path + "." + f.getKey(), name, problems));
            return;
        }
        boolean ok = switch (type) {
            case "int" -> node.isInt();
            case "string" -> node.isTextual();
            case "boolean" -> node.isBoolean();
            case "map" -> node.isObject();
            case "resources" -> {
                List<String> inner = new ArrayList<>();
                unknownFields(SERIALIZATION.convertValue(node, ResourceRequirements.class), path, inner,
                        new IdentityHashMap<>());
                yield inner.isEmpty();
            }
            default -> false;
        };
        if (!ok) {
            problems.add(name + ": " + path + " must be " + type + ", is " + node);
        }
    }

    @Test
    void shouldKnowEveryKindTheOverlaysRender() {
        overlays().flatMap(r -> r.docs.stream()).forEach(doc -> {
            String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
            if (!MODELS.containsKey(type) && !type.equals("postgresql.cnpg.io/v1/Cluster")) {
                fail("no schema for " + type);
            }
        });
    }
}
