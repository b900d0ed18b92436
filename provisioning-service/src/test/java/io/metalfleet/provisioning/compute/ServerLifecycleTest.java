package io.metalfleet.provisioning.compute;

import static io.metalfleet.provisioning.compute.ComputeFixture.operator;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.metalfleet.local.testing.EventProbe;
import io.metalfleet.provisioning.compute.domain.AdminPasswords;
import io.metalfleet.simulator.fault.FaultSpec;
import io.metalfleet.simulator.SimulatedBmc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** A server from the seed's request to ACTIVE on a simulated machine and back, and a build that never boots. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerLifecycleTest {

    static final String ACCOUNT = "acct-build";
    static final String STUCK = "acct-stuck";
    static final int[] MACHINES = { 0, 1, 2 }; // one of each vendor profile
    static final int STUCK_MACHINE = 3;
    static final String RESUMED = "acct-resume";
    static final int RESUMED_MACHINE = 26;
    static final String REMOVED = "acct-removed";
    static final int REMOVED_MACHINE = 27;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Pool database;

    List<String> machines;
    String stuckMachine;
    String resumedMachine;
    String removedMachine;

    @BeforeAll
    void machinesAndCatalog() {
        machines = ComputeFixture.enroll(bootstrap, ACCOUNT, MACHINES);
        stuckMachine = ComputeFixture.enroll(bootstrap, STUCK, STUCK_MACHINE).get(0);
        resumedMachine = ComputeFixture.enroll(bootstrap, RESUMED, RESUMED_MACHINE).get(0);
        removedMachine = ComputeFixture.enroll(bootstrap, REMOVED, REMOVED_MACHINE).get(0);
    }

    @BeforeEach
    void catalog() {
        ComputeFixture.publicCatalog(); // over HTTP: RestAssured knows the test port only around test methods
    }

    @Test
    void shouldAcceptTheSeedsExampleBuildItToActiveAndReleaseTheMachineOnDelete() throws Exception {
        Response created = given().header("Authorization", operator(ACCOUNT)).contentType(ContentType.JSON)
                .body(ComputeFixture.seedRequest(ACCOUNT, "test_server_create"))
                .post("/accounts/" + ACCOUNT + "/flexcloud/servers");
        created.then().statusCode(202)
                .body("server.status", equalTo("BUILD")).body("server.progress", equalTo(0))
                .body("server.updated", nullValue()).body("server.hostId", equalTo("")).body("server.created", equalTo(""))
                .body("server.tenantId", nullValue()).body("server.accessIPv6", nullValue()).body("server.metadata", anEmptyMap())
                .body("server.name", equalTo("test_server_create")).body("server.zone", equalTo("AUS001"))
                .body("server.userId", equalTo("operator@metalfleet.test"))
                .body("server.image.id", equalTo("test_public_image")).body("server.image.name", equalTo("CentOS 5 Plesk"))
                .body("server.image.links[0].rel", equalTo("self"))
                .body("server.image.links[0].href", endsWith("/accounts/" + ACCOUNT + "/flexcloud/images/test_public_image/"))
                .body("server.flavor.id", equalTo("1")).body("server.flavor.name", equalTo("bm.small"))
                .body("server.flavor.links[0].href", endsWith("/accounts/" + ACCOUNT + "/flexcloud/flavors/1/"))
                .body("server.securityGroup.id", equalTo("group2012Nov02_jD6NX8BsK"))
                .body("server.securityGroup.links[0].href", endsWith("/os-security-groups/group2012Nov02_jD6NX8BsK/"))
                .body("server.addresses", hasKey("public")).body("server.addresses", hasKey("private"))
                .body("server.links[0].rel", equalTo("self"));
        JsonPath body = created.jsonPath();
        String id = body.getString("server.id");
        assertEquals(id, UUID.fromString(id).toString());
        String self = body.getString("server.links[0].href");
        assertTrue(self.startsWith("http://") && self.endsWith("/accounts/" + ACCOUNT + "/flexcloud/servers/" + id + "/"), self);
        assertEquals(self, created.header("Location"));
        String adminPass = body.getString("server.adminPass");
        // letters and digits drawn at random: a digit is likely, not certain (24 draws missed one in ~3 % of runs)
        assertTrue(adminPass.length() >= 20 && adminPass.chars().allMatch(Character::isLetterOrDigit), "a strong generated password");

        // stored only as a hash
        Row stored = database.preparedQuery("SELECT admin_pass_hash, host_id FROM compute_servers WHERE id = $1")
                .execute(Tuple.of(id)).await().indefinitely().iterator().next();
        assertFalse(stored.getString("admin_pass_hash").contains(adminPass));
        assertTrue(AdminPasswords.matches(adminPass, stored.getString("admin_pass_hash")));
        String host = stored.getString("host_id");
        assertTrue(machines.contains(host), "a machine of the account: " + host);

        // the trailing-slash self link answers too, progress passes 50 on the way to ACTIVE
        JsonPath active = ComputeFixture.awaitServer(ACCOUNT, id, s -> "ACTIVE".equals(s.getString("server.status")), Duration.ofSeconds(60));
        assertEquals(100, active.getInt("server.progress"));
        assertEquals(host, active.getString("server.hostId"));
        assertFalse(active.getString("server.created").isEmpty());
        assertFalse(active.getList("server.addresses.private").isEmpty(), "the machine's NICs");
        assertFalse(active.getMap("server").containsKey("adminPass"));
        SimulatedBmc bmc = bmcOf(host);
        assertEquals("On", bmc.powerState());
        assertEquals("Pxe", bmc.hostState().lastBootTarget());
        assertEquals("OSRunning", bmc.bootProgress());
        assertEquals("provisioned", machineState(host));

        given().header("Authorization", operator(ACCOUNT)).get("/accounts/" + ACCOUNT + "/flexcloud/servers/" + id + "/")
                .then().statusCode(200).body("server.id", equalTo(id)).body("server", not(hasKey("adminPass")));
        given().header("Authorization", operator(ACCOUNT)).get("/accounts/" + ACCOUNT + "/flexcloud/servers")
                .then().statusCode(200).body("servers.find { it.id == '" + id + "' }.status", equalTo("ACTIVE"));
        String detail = given().header("Authorization", operator(ACCOUNT)).get("/accounts/" + ACCOUNT + "/flexcloud/servers/detail")
                .then().statusCode(200).body("servers.find { it.id == '" + id + "' }.hostId", equalTo(host)).extract().asString();
        assertFalse(detail.contains(adminPass));

        // DELETE: DELETED at once, the machine powered off, override cleared, back to available
        given().header("Authorization", operator(ACCOUNT)).delete("/accounts/" + ACCOUNT + "/flexcloud/servers/" + id)
                .then().statusCode(204);
        given().header("Authorization", operator(ACCOUNT)).get("/accounts/" + ACCOUNT + "/flexcloud/servers/" + id)
                .then().statusCode(200).body("server.status", equalTo("DELETED"));
        ComputeFixture.await("machine " + host + " available again", () -> "available".equals(machineState(host)), Duration.ofSeconds(60));
        assertEquals("Off", bmc.powerState());
        assertEquals("Disabled", bmc.hostState().overrideEnabled());
        assertTrue(bmc.insertedMedia().isEmpty(), "no virtual media left inserted");
        given().header("Authorization", operator(ACCOUNT)).get("/accounts/" + ACCOUNT + "/flexcloud/servers")
                .then().statusCode(200).body("servers.find { it.id == '" + id + "' }", nullValue());
        given().header("Authorization", operator(ACCOUNT)).delete("/accounts/" + ACCOUNT + "/flexcloud/servers/" + id)
                .then().statusCode(204);

        // inventory follows: provisioning → provisioned → deprovisioning → available, keyed by the machine
        List<ConsumerRecord<String, String>> states = EventProbe.await(bootstrap, "provisioning.servers",
                r -> host.equals(r.key()) && "server.state-changed".equals(EventProbe.header(r, "ce_type")), 4, Duration.ofSeconds(30));
        assertEquals(List.of("provisioning", "provisioned", "deprovisioning", "available"),
                states.stream().map(r -> JsonPath.from(r.value()).getString("provisioningState")).toList());
        for (ConsumerRecord<String, String> r : states) {
            assertEquals(host, EventProbe.header(r, "ce_subject"));
            assertEquals("urn:metalfleet:provisioning-service", EventProbe.header(r, "ce_source"));
            assertEquals(id, JsonPath.from(r.value()).getString("computeServerId"));
            assertFalse(r.value().contains(adminPass), "no password in events");
        }
        assertTrue(ComputeFixture.LOG_LINES.stream().noneMatch(line -> line.contains(adminPass)), "no password in logs");
    }

    @Test
    void shouldKeepAGivenAdminPassOutOfEverythingButTheCreateAnswer() throws Exception {
        String given = "Given-Pass-" + UUID.randomUUID().toString().substring(0, 8);
        String body = ComputeFixture.seedRequest(ACCOUNT, "with-pass").replace("\"zone\"", "\"adminPass\":\"" + given + "\", \"zone\"");
        String id = given().header("Authorization", operator(ACCOUNT)).contentType(ContentType.JSON).body(body)
                .post("/accounts/" + ACCOUNT + "/flexcloud/servers")
                .then().statusCode(202).body("server.adminPass", equalTo(given)).extract().jsonPath().getString("server.id");
        String read = given().header("Authorization", operator(ACCOUNT)).get("/accounts/" + ACCOUNT + "/flexcloud/servers/" + id)
                .then().statusCode(200).extract().asString();
        assertFalse(read.contains(given));
        given().header("Authorization", operator(ACCOUNT)).delete("/accounts/" + ACCOUNT + "/flexcloud/servers/" + id)
                .then().statusCode(204);
        String outbox = database.query("SELECT string_agg(payload::text, ' ') AS all_events FROM outbox").execute()
                .await().indefinitely().iterator().next().getString("all_events");
        assertFalse(outbox.contains(given), "no password in any event");
        assertTrue(ComputeFixture.LOG_LINES.stream().noneMatch(line -> line.contains(given)), "no password in logs");
        String machine = database.preparedQuery("SELECT host_id FROM compute_servers WHERE id = $1").execute(Tuple.of(id))
                .await().indefinitely().iterator().next().getString("host_id");
        ComputeFixture.await("server released", () -> "released".equals(phase(id)), Duration.ofSeconds(60));
        assertTrue(machine == null || "available".equals(machineState(machine)));
    }

    @Test
    void aBuildThatNeverReachesOsRunningShouldEndUnknownWithTheReasonAndReleaseTheMachine() throws Exception {
        SimulatedBmc bmc = bmcOf(stuckMachine);
        bmc.faults(FaultSpec.builder().stuckBoot(true).build());
        try {
            String id = given().header("Authorization", operator(STUCK)).contentType(ContentType.JSON)
                    .body(ComputeFixture.seedRequest(STUCK, "never-boots")).post("/accounts/" + STUCK + "/flexcloud/servers")
                    .then().statusCode(202).extract().jsonPath().getString("server.id");
            JsonPath booting = ComputeFixture.awaitServer(STUCK, id, s -> s.getInt("server.progress") == 50
                    || !"BUILD".equals(s.getString("server.status")), Duration.ofSeconds(60));
            assertEquals("BUILD", booting.getString("server.status"), booting.prettify());
            JsonPath failed = ComputeFixture.awaitServer(STUCK, id, s -> !"BUILD".equals(s.getString("server.status")),
                    Duration.ofSeconds(90));
            assertEquals("UNKNOWN", failed.getString("server.status"));
            assertEquals(500, failed.getInt("server.fault.code"));
            String reason = failed.getString("server.fault.message");
            assertTrue(reason.contains("OSRunning") && reason.contains("OSBootStarted"), reason);
            ComputeFixture.await("stuck machine released", () -> "available".equals(machineState(stuckMachine)), Duration.ofSeconds(60));
            assertEquals("Off", bmc.powerState());
            given().header("Authorization", operator(STUCK)).get("/accounts/" + STUCK + "/flexcloud/servers/" + id)
                    .then().statusCode(200).body("server.hostId", equalTo("")).body("server.status", equalTo("UNKNOWN"));
            List<String> states = EventProbe.await(bootstrap, "provisioning.servers", r -> stuckMachine.equals(r.key())
                    && "server.state-changed".equals(EventProbe.header(r, "ce_type")), 3, Duration.ofSeconds(30))
                    .stream().map(r -> JsonPath.from(r.value()).getString("provisioningState")).toList();
            assertEquals(List.of("provisioning", "deprovisioning", "available"), states);
        } finally {
            bmc.clearFaults();
        }
    }

    @Test
    void aBuildLeftByAStoppedReplicaShouldBeTakenOverWhenItsLeaseEnds() throws Exception {
        // the state a replica leaves when it stops in the middle of a build step: claimed, leased, machine held
        String id = UUID.randomUUID().toString();
        database.preparedQuery("UPDATE servers SET provisioning_state = 'provisioning' WHERE id = $1").execute(Tuple.of(resumedMachine))
                .await().indefinitely();
        database.preparedQuery("INSERT INTO compute_servers (id, project, name, status, progress, host_id, user_id, zone, image_id,"
                + " image_name, flavor_id, flavor_name, security_group_id, security_group_name, boot_method, admin_pass_hash,"
                + " phase, phase_deadline, next_step_at, lease_owner, lease_until, created_at, updated_at)"
                + " VALUES ($1, $2, 'resumed', 'BUILD', 0, $3, 'operator@metalfleet.test', 'AUS001', 'test_public_image',"
                + " 'CentOS 5 Plesk', '1', 'bm.small', 'group2012Nov02_jD6NX8BsK', 'default', 'Pxe', 'pbkdf2-sha256$1$AA$AA',"
                + " 'allocated', now() + interval '5 minutes', now(), 'compute-stopped-replica', now() + interval '1 second', now(), now())")
                .execute(Tuple.of(id, RESUMED, resumedMachine)).await().indefinitely();
        JsonPath active = ComputeFixture.awaitServer(RESUMED, id, s -> "ACTIVE".equals(s.getString("server.status")), Duration.ofSeconds(60));
        assertEquals(resumedMachine, active.getString("server.hostId"));
        SimulatedBmc bmc = bmcOf(resumedMachine);
        assertEquals("On", bmc.powerState());
        assertEquals("Pxe", bmc.hostState().lastBootTarget());
        given().header("Authorization", operator(RESUMED)).delete("/accounts/" + RESUMED + "/flexcloud/servers/" + id).then().statusCode(204);
        ComputeFixture.await("resumed machine released", () -> "available".equals(machineState(resumedMachine)), Duration.ofSeconds(60));
    }

    @Test
    void aMachineInventoryDeletesWhileAServerHoldsItShouldBeReleasedThenRemoved() throws Exception {
        String id = given().header("Authorization", operator(REMOVED)).contentType(ContentType.JSON)
                .body(ComputeFixture.seedRequest(REMOVED, "on-a-removed-machine")).post("/accounts/" + REMOVED + "/flexcloud/servers")
                .then().statusCode(202).extract().jsonPath().getString("server.id");
        ComputeFixture.awaitServer(REMOVED, id, s -> "ACTIVE".equals(s.getString("server.status")), Duration.ofSeconds(60));
        SimulatedBmc bmc = bmcOf(removedMachine);
        // inventory's DELETE of a machine provisioning holds: server.deleted with awaitingRelease
        EventProbe.publish(bootstrap, "inventory.servers", UUID.randomUUID().toString(), "server.deleted", removedMachine,
                "{\"serverId\":\"" + removedMachine + "\",\"region\":\"us-test-1\",\"project\":\"" + REMOVED + "\","
                        + "\"server\":{\"id\":\"" + removedMachine + "\"},\"bmcEndpoint\":\"" + bmc.url() + "\",\"awaitingRelease\":true}",
                "urn:metalfleet:inventory-service");
        JsonPath failed = ComputeFixture.awaitServer(REMOVED, id, s -> "UNKNOWN".equals(s.getString("server.status")), Duration.ofSeconds(60));
        assertEquals("the machine was deleted from the inventory", failed.getString("server.fault.message"));
        ComputeFixture.await("machine row removed after its release", () -> database.preparedQuery(
                "SELECT count(*) AS n FROM servers WHERE id = $1").execute(Tuple.of(removedMachine)).await().indefinitely()
                .iterator().next().getLong("n") == 0, Duration.ofSeconds(60));
        assertEquals("Off", bmc.powerState());
        assertEquals(List.of("provisioning", "provisioned", "deprovisioning", "released"), EventProbe.await(bootstrap,
                "provisioning.servers", r -> removedMachine.equals(r.key()) && "server.state-changed".equals(EventProbe.header(r, "ce_type")),
                4, Duration.ofSeconds(30)).stream().map(r -> JsonPath.from(r.value()).getString("provisioningState")).toList());
    }

    private SimulatedBmc bmcOf(String machineId) {
        String endpoint = database.preparedQuery("SELECT bmc_endpoint FROM servers WHERE id = $1").execute(Tuple.of(machineId))
                .await().indefinitely().iterator().next().getString("bmc_endpoint");
        return ComputeFixture.fleet().bmcs().stream().filter(b -> endpoint.equals(b.url())).findFirst().orElseThrow();
    }

    private String machineState(String machineId) {
        return database.preparedQuery("SELECT provisioning_state FROM servers WHERE id = $1").execute(Tuple.of(machineId))
                .await().indefinitely().iterator().next().getString("provisioning_state");
    }

    private String phase(String serverId) {
        return database.preparedQuery("SELECT phase FROM compute_servers WHERE id = $1").execute(Tuple.of(serverId))
                .await().indefinitely().iterator().next().getString("phase");
    }
}
