package io.metalfleet.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.local.infra.Topics;
import io.metalfleet.local.stack.Route;
import io.metalfleet.local.stack.RouteTable;

/** The generated manifests are committed, equal to what the generator makes now, and say what the tables say. */
class GeneratedManifestsTest {

    /** An HTTPRoute rule as the cluster's gateway will see it. */
    record Rule(String regex, String service, int port) {
    }

    private static RouteTable routeTable() throws IOException {
        return RouteTable.load(Repo.ROOT.resolve("deploy/local/routes.tsv"));
    }

    @Test
    void shouldCommitExactlyWhatTheGeneratorWrites() throws IOException {
        Map<String, String> expected = GenerateMain.render(Repo.ROOT);
        for (Map.Entry<String, String> file : expected.entrySet()) {
            Path committed = Repo.K8S.resolve(file.getKey());
            assertTrue(Files.isRegularFile(committed), committed + " is missing: run io.metalfleet.k8s.GenerateMain");
            assertEquals(file.getValue(), Files.readString(committed, StandardCharsets.UTF_8),
                    "deploy/k8s/" + file.getKey() + " differs from the tables it is generated from: run "
                            + "io.metalfleet.k8s.GenerateMain (deploy/k8s/README.md) and commit the result");
        }
    }

    static Stream<Rendered> overlays() {
        return Rendered.OVERLAYS.stream().map(Rendered::overlay);
    }

    /** The service HTTPRoutes' rules, in their order; the HTTPS redirect route (no backends) is not routing. */
    static List<Rule> rules(Rendered rendered) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode route : rendered.kind("HTTPRoute")) {
            for (JsonNode rule : route.path("spec").path("rules")) {
                if (rule.path("backendRefs").isEmpty()) {
                    continue;
                }
                assertEquals(1, rule.path("backendRefs").size(), "one backend per rule");
                assertEquals(1, rule.path("matches").size(), "one match per rule");
                JsonNode path = rule.path("matches").get(0).path("path");
                assertEquals("RegularExpression", path.path("type").asText());
                JsonNode backend = rule.path("backendRefs").get(0);
                rules.add(new Rule(path.path("value").asText(), backend.path("name").asText(),
                        backend.path("port").asInt()));
            }
        }
        return rules;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldHaveOneHttpRouteRuleForEachRowOfTheLocalRouteTable(Rendered rendered) throws IOException {
        List<Rule> expected = routeTable().routes().stream()
                .map(r -> new Rule(GatewayManifests.regex(r), r.service(), r.port()))
                .sorted(Comparator.comparing(Rule::regex)).toList();
        List<Rule> actual = rules(rendered).stream().sorted(Comparator.comparing(Rule::regex)).toList();
        assertEquals(expected, actual);
        for (JsonNode route : rendered.kind("HTTPRoute")) {
            assertEquals(GatewayManifests.GATEWAY, route.path("spec").path("parentRefs").get(0).path("name").asText());
        }
        // Each backend is a Service of the overlay, on its port.
        for (Rule rule : actual) {
            JsonNode service = rendered.get("Service", rule.service());
            assertEquals(rule.port(), service.path("spec").path("ports").get(0).path("port").asInt(), rule.service());
        }
    }

    /** Paths to try: one inside each route of the table, the DESIGN.md §2 examples, and paths no route owns. */
    static Stream<String> paths() throws IOException {
        List<String> paths = new ArrayList<>();
        for (Route route : routeTable().routes()) {
            String concrete = route.pattern().replace("*", "p1");
            paths.add(concrete);
            if (route.match() == Route.Match.PREFIX) {
                paths.add(concrete + (concrete.endsWith("/") ? "x" : "/x"));
            }
        }
        paths.addAll(List.of("/v1/regions/eu-1/projects/p/infrastructure/servers:batchCreate",
                "/v1/regions/eu-1/projects/p/infrastructure/servers/server-abc123",
                "/v1/regions/eu-1/projects/p/infrastructure/servers:batchPower",
                "/v1/regions/eu-1/projects/p/infrastructure/operations/op-1",
                "/api/v3/projects/p/clusters/c/nodepools/np/nodes/add", "/api/v3/projects/p/jobs/j1",
                "/v2/p/productmgr/products", "/v2/p/ca/crl", "/.well-known/jwks.json", "/oauth2/token",
                "/", "/q/health", "/v1/regions/eu-1", "/api/v3/projects/p", "/v2/p/other"));
        return paths.stream();
    }

    @ParameterizedTest
    @MethodSource("paths")
    void shouldSendEachPathWhereTheLocalNginxSendsIt(String path) throws IOException {
        Optional<String> nginx = routeTable().routeFor(path).map(Route::service);
        // Gateway API implementations match a RegularExpression against the whole path and, where several
        // match, prefer the longer expression (Envoy Gateway's ordering); the table must not depend on more.
        List<Rule> matching = rules(Rendered.overlay("prod")).stream()
                .filter(r -> Pattern.compile(r.regex()).matcher(path).matches())
                .sorted(Comparator.comparingInt((Rule r) -> r.regex().length()).reversed()).toList();
        if (matching.size() > 1) {
            assertTrue(matching.get(0).regex().length() > matching.get(1).regex().length(),
                    path + " is matched by two routes of equal rank: " + matching);
        }
        assertEquals(nginx, matching.stream().findFirst().map(Rule::service), path);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void shouldDeclareEveryTopicOfTheSuiteWithItsPartitions(Rendered rendered) throws IOException {
        Map<String, Integer> actual = new TreeMap<>();
        for (JsonNode topic : rendered.kind("KafkaTopic")) {
            actual.put(topic.path("spec").path("topicName").asText(), topic.path("spec").path("partitions").asInt());
            assertTrue(topic.path("spec").path("config").path("retention.ms").asLong() > 0, topic.toString());
            assertEquals(KafkaManifests.CLUSTER, topic.path("metadata").path("labels").path("strimzi.io/cluster").asText());
        }
        Topics.partitionsByTopic().forEach((name, partitions) -> assertEquals(partitions, actual.get(name), name));
        KafkaPlan.load(Repo.K8S).topics().forEach(t -> assertEquals(t.partitions(), actual.get(t.name()), t.name()));
        assertEquals(KafkaPlan.load(Repo.K8S).topics().size(), actual.size(), "one KafkaTopic per topic: " + actual);
    }

    @Test
    void shouldRejectTopicTablesThatWouldDrift() {
        Map<String, Integer> suite = Map.of("a.events", 6);
        Tsv.Row a = new Tsv.Row("t:1", List.of("a.events", "P7D", "-"));
        Tsv.Row aWithCount = new Tsv.Row("t:1", List.of("a.events", "P7D", "3"));
        Tsv.Row unknownNoCount = new Tsv.Row("t:2", List.of("b.events", "P7D", "-"));
        Tsv.Row badRetention = new Tsv.Row("t:1", List.of("a.events", "7 days", "-"));
        Tsv.Row accessUnknown = new Tsv.Row("a:1", List.of("x-service", "c.events", "produce"));
        assertEquals(6, KafkaPlan.of(suite, List.of(a), List.of()).topics().get(0).partitions());
        assertThrows(IllegalArgumentException.class, () -> KafkaPlan.of(suite, List.of(aWithCount), List.of()),
                "a second partition count for a suite topic");
        assertThrows(IllegalArgumentException.class, () -> KafkaPlan.of(suite, List.of(a, unknownNoCount), List.of()),
                "no partitions for a topic outside the suite table");
        assertThrows(IllegalArgumentException.class, () -> KafkaPlan.of(suite, List.of(), List.of()),
                "a suite topic without retention");
        assertThrows(IllegalArgumentException.class, () -> KafkaPlan.of(suite, List.of(badRetention), List.of()));
        assertThrows(IllegalArgumentException.class, () -> KafkaPlan.of(suite, List.of(a), List.of(accessUnknown)),
                "an ACL on a topic that is not declared");
    }
}
