package io.metalfleet.inventory;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import io.metalfleet.local.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Small builders for requests; each test works in a project of its own. */
public final class Fixtures {

    public static final String REGION = "us-texas-1";

    private Fixtures() {
    }

    public static String newProject() {
        return "project-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String servers(String project) {
        return "/v1/regions/" + REGION + "/projects/" + project + "/infrastructure/servers";
    }

    public static String batchCreate(String project) {
        return servers(project) + ":batchCreate";
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    public static RequestSpecification asAdmin() {
        return as(TestTokens.admin());
    }

    public static Map<String, Object> item(String bmcAddress) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("bmcAddress", bmcAddress);
        item.put("tags", Map.of("rack", "r12", "row", "b"));
        item.put("displayName", "node " + bmcAddress);
        item.put("description", "enrolled by a test");
        item.put("persona", "compute");
        return item;
    }

    /** {@code count} distinct BMC addresses, unique across the test run. */
    public static List<Map<String, Object>> items(int count) {
        int base = (int) (Math.random() * 200);
        String prefix = "10." + base + "." + UUID.randomUUID().toString().substring(0, 4);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(item("bmc-" + prefix.replace('.', '-') + "-" + i + ".dc1.example.net"));
        }
        return items;
    }

    /** Polls GET of one server until {@code condition} holds (events apply asynchronously); fails after 60 s. */
    public static JsonPath awaitServer(String project, String id, Predicate<JsonPath> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonPath server = null;
        while (System.nanoTime() < deadline) {
            server = asAdmin().get(servers(project) + "/" + id).then().statusCode(200).extract().jsonPath();
            if (condition.test(server)) {
                return server;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("server " + id + " never reached the expected state; last seen: "
                + (server == null ? null : server.prettify()));
    }

    public static ValidatableResponse enroll(String project, List<Map<String, Object>> items) {
        return asAdmin().body(Map.of("servers", items)).post(batchCreate(project)).then();
    }
}
