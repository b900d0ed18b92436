package io.metalfleet.provisioning.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.metalfleet.local.testing.TestTokens;
import io.metalfleet.provisioning.TestFleet;
import io.metalfleet.local.testing.EventProbe;
import io.metalfleet.simulator.SimulatedBmc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** batchPower end to end: operation, bmc.command per server over Kafka, the engine against the simulator, results. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchPowerTest {

    static final String PROJECT = "project-power";
    static final String BASE = "/v1/regions/us-test-1/projects/" + PROJECT + "/infrastructure";
    static final int[] BMCS = { 6, 7, 8 }; // one of each vendor profile

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    final List<String> ids = new ArrayList<>();

    @BeforeAll
    void enroll() {
        for (int i : BMCS) {
            SimulatedBmc bmc = TestFleet.fleet().bmc(i);
            String id = "server-p" + UUID.randomUUID().toString().substring(0, 5);
            ids.add(id);
            EventProbe.publish(bootstrap, "inventory.servers", UUID.randomUUID().toString(), "server.enrolled", id,
                    TestFleet.enrolled(id, PROJECT, bmc, bmc.password(), i == 8 ? "gpu-worker" : "worker"));
        }
        assertEquals(BMCS.length, EventProbe.await(bootstrap, "provisioning.servers", r -> ids.contains(r.key()),
                BMCS.length, Duration.ofSeconds(30)).size(), "every server inspected first");
    }

    private static String operator() {
        return "Bearer " + TestTokens.operator(PROJECT);
    }

    @Test
    void shouldPowerCycleWithOneTimePxeEveryServerAndReportEach() throws Exception {
        double skippedAtStart = skippedCommands();
        String location = given().header("Authorization", operator()).contentType(ContentType.JSON)
                .body("{\"serverIds\":" + json(ids) + ",\"action\":\"PowerCycle\",\"bootOverride\":{\"target\":\"Pxe\",\"enabled\":\"Once\"}}")
                .post(BASE + "/servers:batchPower")
                .then().statusCode(202).header("Location", containsString(BASE + "/operations/op-"))
                .body("state", equalTo("running")).body("total", equalTo(3)).extract().header("Location");
        JsonPath op = OperationPolling.awaitFinished(location, operator());
        assertEquals("succeeded", op.getString("state"), op.prettify());
        assertEquals(3, op.getInt("counts.succeeded"));
        assertEquals(3, op.getList("results").size());
        for (int n = 0; n < BMCS.length; n++) {
            assertEquals("On", op.getString("results.find { it.serverId == '" + ids.get(n) + "' }.powerState"));
            SimulatedBmc bmc = TestFleet.fleet().bmc(BMCS[n]);
            assertEquals("On", bmc.powerState());
            assertEquals("Pxe", bmc.hostState().lastBootTarget(), bmc.profile());
            assertTrue(bmc.maxConcurrentRequests() <= 2, "per-BMC limit held: " + bmc.maxConcurrentRequests());
            assertEquals(1, bmc.sessionsCreated(), "inspection's session reused by the power operation");
            assertEquals(1, op.getInt("results.find { it.serverId == '" + ids.get(n) + "' }.attempts"));
        }
        // this replica owns every partition (it is alone in the group): it claimed the items when it created the
        // operation, and each of the 3 records that followed through the relay and Kafka found its item taken
        awaitSkippedCommands(skippedAtStart + 3, "the operation's records, each finding its item claimed at creation");
        // a bmc.command delivered again (a rebalance after a replica stopped): the finished server is not done twice
        int resets = TestFleet.fleet().bmc(BMCS[0]).resetsReceived();
        double skippedBefore = skippedCommands();
        String opId = location.substring(location.lastIndexOf('/') + 1);
        EventProbe.publish(bootstrap, "provisioning.commands", UUID.randomUUID().toString(), "bmc.command", ids.get(0),
                "{\"operationId\":\"" + opId + "\",\"serverId\":\"" + ids.get(0) + "\",\"action\":\"PowerCycle\"}");
        awaitSkippedCommands(skippedBefore + 1, "the redelivered command");
        assertEquals(resets, TestFleet.fleet().bmc(BMCS[0]).resetsReceived());
        assertEquals(1, given().header("Authorization", operator()).get(location.substring(location.indexOf("/v1/")))
                .then().extract().jsonPath().getInt("results.find { it.serverId == '" + ids.get(0) + "' }.attempts"));
        given().header("Authorization", operator()).get(BASE + "/operations").then().statusCode(200)
                .body("operations.find { it.selfLink == '" + location.substring(location.indexOf("/v1/")) + "' }.counts.succeeded", equalTo(3));
    }

    @Test
    void shouldSelectByPersona() throws Exception {
        String location = given().header("Authorization", operator()).contentType(ContentType.JSON)
                .body("{\"selector\":{\"persona\":\"gpu-worker\"},\"bootOverride\":{\"target\":\"Hdd\",\"enabled\":\"Continuous\"}}")
                .urlEncodingEnabled(false).post(BASE + "/servers%3AbatchPower").then().statusCode(202).body("total", equalTo(1)).extract().header("Location");
        JsonPath op = OperationPolling.awaitFinished(location, operator());
        assertEquals("succeeded", op.getString("state"));
        assertEquals("Continuous", TestFleet.fleet().bmc(8).hostState().overrideEnabled());
    }

    @Test
    void shouldRefuseBadInputInTheErrorShapeNamingTheField() {
        post("{\"serverIds\":" + json(ids) + ",\"action\":\"Explode\"}").then().statusCode(400)
                .body("error.code", equalTo(400)).body("error.details[0].field", equalTo("action"));
        post("{\"serverIds\":" + json(ids) + ",\"action\":\"On\",\"bootOverride\":{\"target\":\"Floppy\"}}").then().statusCode(400)
                .body("error.details[0].field", equalTo("bootOverride.target"));
        post("{\"serverIds\":" + json(ids) + ",\"action\":\"On\",\"bootOverride\":{\"target\":\"UefiHttp\"}}").then().statusCode(400)
                .body("error.details[0].field", equalTo("bootOverride.httpBootUri"));
        post("{\"serverIds\":[],\"action\":\"On\"}").then().statusCode(400).body("error.details[0].field", equalTo("serverIds"));
        post("{\"serverIds\":" + json(ids) + ",\"selector\":{},\"action\":\"On\"}").then().statusCode(400);
        post("{\"selector\":{\"persona\":\"nobody\"},\"action\":\"On\"}").then().statusCode(400)
                .body("error.details[0].field", equalTo("selector"));
        post("{\"serverIds\":[\"server-zzzzzz\"],\"action\":\"On\"}").then().statusCode(404);
        post("{\"serverIds\":" + json(ids) + ",\"action\":\"On\",\"colour\":1}").then().statusCode(400)
                .body("error.details[0].field", equalTo("colour"));
        post("{\"serverIds\":").then().statusCode(400);
    }

    @Test
    void shouldTreatServersOfAnotherProjectAsNotFoundAndCheckRoles() {
        given().header("Authorization", "Bearer " + TestTokens.operator("project-other")).contentType(ContentType.JSON)
                .body("{\"serverIds\":" + json(ids) + ",\"action\":\"On\"}")
                .post("/v1/regions/us-test-1/projects/project-other/infrastructure/servers:batchPower").then().statusCode(404);
        given().header("Authorization", "Bearer " + TestTokens.viewer(PROJECT)).contentType(ContentType.JSON)
                .body("{\"serverIds\":" + json(ids) + ",\"action\":\"On\"}").post(BASE + "/servers:batchPower").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"serverIds\":" + json(ids) + ",\"action\":\"On\"}")
                .post(BASE + "/servers:batchPower").then().statusCode(401);
        given().header("Authorization", operator()).get(BASE + "/operations/op-000000000000").then().statusCode(404)
                .body("error.code", equalTo(404));
    }

    private static double skippedCommands() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("metalfleet_commands_total{") && line.contains("outcome=\"skipped\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static void awaitSkippedCommands(double atLeast, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (skippedCommands() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not skipped in time (" + skippedCommands() + " skipped, expected " + atLeast + ")");
            }
            Thread.sleep(100);
        }
    }

    private static io.restassured.response.Response post(String body) {
        return given().header("Authorization", operator()).contentType(ContentType.JSON).body(body).post(BASE + "/servers:batchPower");
    }

    private static String json(List<String> values) {
        return "[" + String.join(",", values.stream().map(v -> "\"" + v + "\"").toList()) + "]";
    }
}
