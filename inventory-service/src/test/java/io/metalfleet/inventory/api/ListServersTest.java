package io.metalfleet.inventory.api;

import static io.metalfleet.inventory.Fixtures.asAdmin;
import static io.metalfleet.inventory.Fixtures.enroll;
import static io.metalfleet.inventory.Fixtures.item;
import static io.metalfleet.inventory.Fixtures.items;
import static io.metalfleet.inventory.Fixtures.newProject;
import static io.metalfleet.inventory.Fixtures.servers;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ListServersTest {

    @Test
    void shouldWalkTwoThousandFiveHundredServersReturningEachExactlyOnce() {
        String project = newProject();
        Set<String> enrolled = new HashSet<>();
        for (int batch : List.of(1000, 1000, 500)) {
            enrolled.addAll(enroll(project, items(batch)).statusCode(200).extract().jsonPath().getList("succeeded.id"));
        }
        assertEquals(2500, enrolled.size());

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var request = asAdmin().queryParam("pageSize", 100);
            if (token != null) {
                request.queryParam("pageToken", token);
            }
            JsonPath page = request.get(servers(project)).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("servers.id"));
            token = page.getString("nextPageToken");
            pages++;
        } while (token != null && pages < 100);

        assertEquals(25, pages);
        assertEquals(2500, seen.size(), "no server twice");
        assertEquals(enrolled, new HashSet<>(seen), "every server once");
    }

    @Test
    void shouldUseFiftyAsDefaultPageSizeAndCapAtOneThousand() {
        String project = newProject();
        enroll(project, items(60)).statusCode(200);
        asAdmin().get(servers(project)).then().statusCode(200).body("servers", hasSize(50));
        JsonPath all = asAdmin().queryParam("pageSize", 5000).get(servers(project)).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(60, all.getList("servers").size());
        assertNull(all.getString("nextPageToken"));
    }

    @Test
    void shouldFilterByPersonaTagAndState() {
        String project = newProject();
        Map<String, Object> storage = item("10.9.0.1");
        storage.put("persona", "storage");
        storage.put("tags", Map.of("rack", "r7", "tier", "cold"));
        Map<String, Object> gpu = item("10.9.0.2");
        gpu.put("persona", "gpu");
        gpu.put("tags", Map.of("rack", "r7"));
        enroll(project, List.of(storage, gpu, item("10.9.0.3"))).statusCode(200);

        asAdmin().queryParam("persona", "storage").get(servers(project)).then().statusCode(200)
                .body("servers.bmcAddress", equalTo(List.of("10.9.0.1")));
        asAdmin().queryParam("tag", "rack=r7").get(servers(project)).then().statusCode(200)
                .body("servers", hasSize(2));
        asAdmin().queryParam("tag", "rack=r7").queryParam("tag", "tier=cold").get(servers(project)).then()
                .statusCode(200).body("servers.bmcAddress", equalTo(List.of("10.9.0.1")));
        asAdmin().queryParam("provisioningState", "registered").get(servers(project)).then().statusCode(200)
                .body("servers", hasSize(3));
        asAdmin().queryParam("provisioningState", "available").get(servers(project)).then().statusCode(200)
                .body("servers", hasSize(0));
        asAdmin().queryParam("healthStatus", "unknown").get(servers(project)).then().statusCode(200)
                .body("servers", hasSize(3));
    }

    @Test
    void shouldRefuseBadFiltersAndPageTokensWith400() {
        String project = newProject();
        enroll(project, items(3)).statusCode(200);
        asAdmin().queryParam("provisioningState", "flying").get(servers(project)).then().statusCode(400)
                .body("error.details[0].field", equalTo("provisioningState"));
        asAdmin().queryParam("healthStatus", "meh").get(servers(project)).then().statusCode(400)
                .body("error.details[0].field", equalTo("healthStatus"));
        asAdmin().queryParam("tag", "no-equals-sign").get(servers(project)).then().statusCode(400)
                .body("error.details[0].field", equalTo("tag"));
        asAdmin().queryParam("pageSize", -1).get(servers(project)).then().statusCode(400)
                .body("error.details[0].field", equalTo("pageSize"));
        asAdmin().queryParam("pageSize", "ten").get(servers(project)).then().statusCode(400)
                .body("error.code", equalTo(400));
        asAdmin().queryParam("pageToken", "not-a-token").get(servers(project)).then().statusCode(400)
                .body("error.details[0].field", equalTo("pageToken"));

        String token = asAdmin().queryParam("pageSize", 1).get(servers(project)).then().statusCode(200)
                .extract().path("nextPageToken");
        asAdmin().queryParam("pageSize", 1).queryParam("persona", "compute").queryParam("pageToken", token)
                .get(servers(project)).then().statusCode(400).body("error.message", containsString("other filters"));
    }
}
