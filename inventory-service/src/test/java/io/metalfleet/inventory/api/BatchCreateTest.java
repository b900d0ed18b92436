package io.metalfleet.inventory.api;

import static io.metalfleet.inventory.Fixtures.REGION;
import static io.metalfleet.inventory.Fixtures.asAdmin;
import static io.metalfleet.inventory.Fixtures.batchCreate;
import static io.metalfleet.inventory.Fixtures.enroll;
import static io.metalfleet.inventory.Fixtures.item;
import static io.metalfleet.inventory.Fixtures.items;
import static io.metalfleet.inventory.Fixtures.newProject;
import static io.metalfleet.inventory.Fixtures.servers;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class BatchCreateTest {

    private static final Set<String> SEED_SERVER_FIELDS = new TreeSet<>(List.of("selfLink", "uid", "id", "displayName",
            "description", "hardwareSpecs", "bmcAddress", "provisioningState", "healthStatus", "tags", "persona",
            "createdAt", "updatedAt"));

    @Inject
    Pool database;

    @Test
    void shouldEnrollTheSeedsExampleAndAnswerInTheSeedsShape() {
        String project = newProject();
        Map<String, Object> request = Map.of("servers", List.of(Map.of(
                "bmcAddress", "https://10.20.1.15",
                "tags", Map.of("rack", "r12", "site", "dfw1"),
                "displayName", "dfw1-r12-u07",
                "description", "Dell R760, rack 12 unit 7",
                "persona", "compute")));

        JsonPath body = asAdmin().body(request).post(batchCreate(project)).then()
                .statusCode(200)
                .body("failed", empty())
                .body("succeeded", hasSize(1))
                .extract().jsonPath();

        Map<String, Object> server = body.getMap("succeeded[0]");
        assertEquals(SEED_SERVER_FIELDS, new TreeSet<>(server.keySet()));
        String id = body.getString("succeeded[0].id");
        assertEquals("/v1/regions/" + REGION + "/projects/" + project + "/infrastructure/servers/" + id,
                body.getString("succeeded[0].selfLink"));
        org.hamcrest.MatcherAssert.assertThat(id, matchesPattern("server-[a-z0-9]{6}"));
        org.hamcrest.MatcherAssert.assertThat(body.getString("succeeded[0].uid"),
                matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertEquals("registered", body.getString("succeeded[0].provisioningState"));
        assertEquals("https://10.20.1.15", body.getString("succeeded[0].bmcAddress"));
        assertEquals(Map.of("cpu", Map.of(), "ram", Map.of(), "gpu", Map.of()), body.getMap("succeeded[0].hardwareSpecs"));
        assertEquals(Set.of("status", "lastCheckTime", "failureReasons"), body.getMap("succeeded[0].healthStatus").keySet());
        assertEquals(Map.of("rack", "r12", "site", "dfw1"), body.getMap("succeeded[0].tags"));
        assertEquals("compute", body.getString("succeeded[0].persona"));
        org.hamcrest.MatcherAssert.assertThat(body.getString("succeeded[0].createdAt"),
                matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"));

        asAdmin().get(servers(project) + "/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("displayName", equalTo("dfw1-r12-u07"));
    }

    @Test
    void shouldStoreTheValidItemsOfAMixedBatchAndNameEveryFailureByIndex() {
        String project = newProject();
        enroll(project, List.of(item("10.1.1.1"))).statusCode(200).body("succeeded", hasSize(1));

        Map<String, Object> badTag = item("10.1.1.9");
        badTag.put("tags", Map.of("-bad key-", "x"));
        List<Map<String, Object>> batch = List.of(
                item("10.1.1.2"),               // 0 valid
                item("https://10.1.1.1:443"),   // 1 already enrolled (same BMC, other spelling)
                item("10.1.1.300"),             // 2 malformed address
                item("10.1.1.2:443"),           // 3 same BMC as item 0
                badTag,                         // 4 bad tag key
                item("10.1.1.3"));              // 5 valid

        JsonPath body = enroll(project, batch).statusCode(200).extract().jsonPath();

        assertEquals(List.of("10.1.1.2", "10.1.1.3"), body.getList("succeeded.bmcAddress"));
        assertEquals(List.of(1, 2, 3, 4), body.getList("failed.index"));
        assertEquals(List.of(409, 400, 409, 400), body.getList("failed.error.error.code"));
        org.hamcrest.MatcherAssert.assertThat(body.getString("failed[1].error.error.details[0].field"),
                equalTo("servers[2].bmcAddress"));
        org.hamcrest.MatcherAssert.assertThat(body.getString("failed[2].error.error.message"), containsString("servers[0]"));
        org.hamcrest.MatcherAssert.assertThat(body.getString("failed[3].error.error.details[0].field"),
                containsString("servers[4].tags"));

        asAdmin().get(servers(project)).then().statusCode(200)
                .body("servers.bmcAddress", contains("10.1.1.1", "10.1.1.2", "10.1.1.3"));
    }

    @Test
    void shouldEnrollAThousandServersInOneRequest() {
        String project = newProject();
        enroll(project, items(1000)).statusCode(200).body("succeeded", hasSize(1000)).body("failed", empty());

        Row count = database.preparedQuery("SELECT count(*) AS n FROM servers WHERE project = $1")
                .execute(Tuple.of(project)).await().indefinitely().iterator().next();
        assertEquals(1000L, count.getLong("n"));
        Row events = database.preparedQuery(
                "SELECT count(*) AS n FROM outbox o JOIN servers s ON s.id = o.aggregate_id WHERE s.project = $1 AND o.type = 'server.enrolled'")
                .execute(Tuple.of(project)).await().indefinitely().iterator().next();
        assertEquals(1000L, events.getLong("n"), "one server.enrolled event per server, in the same transaction");
    }

    @Test
    void shouldRefuseMoreThanAThousandServersWholeAndStoreNothing() {
        String project = newProject();
        enroll(project, items(1001)).statusCode(400)
                .body("error.code", equalTo(400))
                .body("error.message", containsString("servers"))
                .body("error.details[0].field", equalTo("servers"));
        asAdmin().get(servers(project)).then().statusCode(200).body("servers", empty());
    }

    @Test
    void shouldKeepBmcCredentialsWriteOnlyAndEncryptedAtRest() {
        String project = newProject();
        Map<String, Object> item = item("10.2.2.2");
        item.put("bmcCredentials", Map.of("username", "root", "password", "calvin-s3cret"));

        String response = enroll(project, List.of(item)).statusCode(200).extract().asString();
        assertFalse(response.contains("calvin-s3cret"));
        assertFalse(response.contains("bmcCredentials"));

        Row row = database.preparedQuery("SELECT credentials, credentials_key_id FROM servers WHERE project = $1")
                .execute(Tuple.of(project)).await().indefinitely().iterator().next();
        byte[] stored = row.getBuffer("credentials").getBytes();
        assertFalse(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1).contains("calvin-s3cret"));
        assertFalse(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1).contains("root"));
        assertEquals("at-rest-1", row.getString("credentials_key_id"));
    }

    @Test
    void shouldUseTheProjectDefaultCredentialsWhenAnItemHasNone() {
        String project = newProject();
        asAdmin().body(Map.of("username", "ops", "password", "fleet-default-pw"))
                .put(servers(project) + ":defaultBmcCredentials").then().statusCode(200)
                .body("username", equalTo("ops")).body("configured", equalTo(true))
                .body(not(containsString("fleet-default-pw")));
        enroll(project, List.of(item("10.3.3.3"))).statusCode(200);

        Row row = database.preparedQuery("SELECT credentials FROM servers WHERE project = $1")
                .execute(Tuple.of(project)).await().indefinitely().iterator().next();
        org.hamcrest.MatcherAssert.assertThat(row.getBuffer("credentials"), notNullValue());
    }

    @Test
    void shouldAnswerBadBodiesWith400NamingTheField() {
        String project = newProject();
        asAdmin().body("{\"servers\": [").post(batchCreate(project)).then().statusCode(400)
                .body("error.code", equalTo(400)).body("error.message", containsString("JSON"));
        asAdmin().body("{\"servers\": \"all of them\"}").post(batchCreate(project)).then().statusCode(400)
                .body("error.message", containsString("servers"));
        asAdmin().body("{\"servers\": [{\"bmcAddress\": \"10.0.0.1\", \"colour\": \"red\"}]}").post(batchCreate(project))
                .then().statusCode(400).body("error.details[0].field", equalTo("servers[0].colour"));
        asAdmin().body("{\"servers\": [{\"bmcAddress\": \"10.0.0.1\", \"tags\": [\"a\"]}]}").post(batchCreate(project))
                .then().statusCode(400).body("error.details[0].field", equalTo("servers[0].tags"));
        asAdmin().body("{\"servers\": []}").post(batchCreate(project)).then().statusCode(400)
                .body("error.details[0].field", equalTo("servers"));
        asAdmin().body("").post(batchCreate(project)).then().statusCode(400);
        asAdmin().body("[]").post(batchCreate(project)).then().statusCode(400).body("error.code", equalTo(400));
        asAdmin().contentType("text/plain").body("servers").post(batchCreate(project)).then().statusCode(415)
                .body("error.code", equalTo(415));
        asAdmin().body(Map.of("servers", List.of(item("10.0.0.1")))).post(servers("Bad_Project!") + ":batchCreate")
                .then().statusCode(400).body("error.details[0].field", equalTo("project"));
    }

    @Test
    void shouldRefuseAnOversizeBodyWith413InTheErrorShape() {
        String project = newProject();
        String huge = "{\"servers\":[{\"bmcAddress\":\"10.0.0.1\",\"description\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}]}";
        asAdmin().body(huge).post(batchCreate(project)).then().statusCode(413)
                .body("error.code", equalTo(413))
                .body("error.message", containsString("too large"));
        asAdmin().get(servers(project)).then().statusCode(200).body("servers", empty());
    }

    @Test
    void shouldFailAnItemWithOverlongFieldsAlone() {
        String project = newProject();
        Map<String, Object> overlong = item("10.4.4.4");
        overlong.put("displayName", "x".repeat(300));
        List<Map<String, Object>> batch = new ArrayList<>(List.of(overlong, item("10.4.4.5")));
        enroll(project, batch).statusCode(200)
                .body("succeeded", hasSize(1))
                .body("failed[0].index", equalTo(0))
                .body("failed[0].error.error.details[0].field", equalTo("servers[0].displayName"))
                .body("failed[0].error.error.details[0].description", notNullValue())
                .body("failed[0].error.error.stackTrace", nullValue());
    }
}
