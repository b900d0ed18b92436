package io.metalfleet.provisioning.compute;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.metalfleet.local.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/** Every rule and error of the servers API and its catalogs, in seed 002's error shapes; a refused create writes nothing. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerApiRulesTest {

    static final String ACCOUNT = "acct-rules";
    static final String SERVERS = "/accounts/" + ACCOUNT + "/flexcloud/servers";
    static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Pool database;

    @BeforeAll
    void oneMachine() {
        ComputeFixture.enroll(bootstrap, ACCOUNT, 4, 25);
    }

    @BeforeEach
    void catalog() {
        ComputeFixture.publicCatalog();
    }

    private Response post(String token, String path, String body) {
        return given().header("Authorization", token).contentType(ContentType.JSON).body(body).post(path);
    }

    /** The seed's error body exactly: one fault key, message, code, details, a UUID errorid, nothing else. */
    private static void assertFault(Response r, int status, String fault, String message, String details) {
        r.then().statusCode(status).contentType(ContentType.JSON)
                .body(fault + ".message", equalTo(message)).body(fault + ".code", equalTo(status))
                .body(fault + ".details", equalTo(details)).body(fault + ".errorid", org.hamcrest.Matchers.matchesRegex(UUID_PATTERN));
        Map<String, Object> body = r.jsonPath().getMap("");
        assertEquals(List.of(fault), List.copyOf(body.keySet()));
        assertEquals(List.of("message", "code", "details", "errorid"), List.copyOf(r.jsonPath().getMap(fault).keySet()));
    }

    /** Deleted, and its machine released, so that the next test of this account finds it available. */
    private void deleteAndAwaitRelease(String servers, String id) {
        given().header("Authorization", operator(ACCOUNT)).delete(servers + "/" + id).then().statusCode(204);
        try {
            ComputeFixture.await("server " + id + " released", () -> "released".equals(database
                    .preparedQuery("SELECT phase FROM compute_servers WHERE id = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(id))
                    .await().indefinitely().iterator().next().getString("phase")), java.time.Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private long serversOf(String account) {
        return database.preparedQuery("SELECT count(*) AS n FROM compute_servers WHERE project = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(account)).await().indefinitely().iterator().next().getLong("n");
    }

    @Test
    void badReferencesShouldAnswer400ComputeFaultInTheSeedsShapeAndWriteNothing() {
        String seed = ComputeFixture.seedRequest(ACCOUNT, "bad-refs");
        long before = serversOf(ACCOUNT);
        assertFault(post(operator(ACCOUNT), SERVERS, seed.replace("images/test_public_image", "images/fake_image_id")),
                400, "computeFault", "Bad imageRef", "");
        assertFault(post(operator(ACCOUNT), SERVERS, seed.replace("flavors/1", "flavors/999")), 400, "computeFault", "Bad flavorRef", "");
        assertFault(post(operator(ACCOUNT), SERVERS, seed.replace("group2012Nov02_jD6NX8BsK", "nogroup")),
                400, "computeFault", "Bad securityGroupRef", "");
        // a ref into the wrong collection, a relative one and garbage are bad refs too
        assertFault(post(operator(ACCOUNT), SERVERS, seed.replace("images/test_public_image", "flavors/test_public_image")),
                400, "computeFault", "Bad imageRef", "");
        assertFault(post(operator(ACCOUNT), SERVERS, seed.replace("http://api.metalfleet.test/accounts/" + ACCOUNT + "/flexcloud/flavors/1", "/flavors/1")),
                400, "computeFault", "Bad flavorRef", "");
        assertFault(post(operator(ACCOUNT), SERVERS, seed.replace("\"imageRef\" : \"", "\"imageRef\" : \"::: %%%")),
                400, "computeFault", "Bad imageRef", "");
        assertFault(post(operator(ACCOUNT), SERVERS, seed.replace("\"imageRef\"", "\"unused\"").replace("\"unused\" : ", "\"imageRefX\" : ")),
                400, "computeFault", "invalid server.imageRefX: unknown field", "server.imageRefX: unknown field");
        assertEquals(before, serversOf(ACCOUNT), "nothing written by refused creates");
    }

    @Test
    void refsShouldBeAcceptedWithOrWithoutTrailingSlashOrAsBareIds() {
        String body = """
                {"server":{"name":"bare","imageRef":"test_public_image","flavorRef":"https://other.host/accounts/x/flexcloud/flavors/1/",
                 "securityGroupRef":"group2012Nov02_jD6NX8BsK","zone":"AUS001"}}""";
        String id = post(operator(ACCOUNT), SERVERS, body).then().statusCode(202).body("server.flavor.id", equalTo("1"))
                .extract().jsonPath().getString("server.id");
        deleteAndAwaitRelease(SERVERS, id);
    }

    @Test
    void badBodiesShouldAnswer400ComputeFaultNamingTheField() {
        String seed = ComputeFixture.seedRequest(ACCOUNT, "x");
        post(operator(ACCOUNT), SERVERS, seed.replace("\"name\" : \"x\",", "")).then().statusCode(400)
                .body("computeFault.code", equalTo(400)).body("computeFault.details", containsString("server.name"));
        post(operator(ACCOUNT), SERVERS, seed.replace("\"zone\": \"AUS001\"", "\"zone\": \"a b\"")).then().statusCode(400)
                .body("computeFault.details", containsString("server.zone"));
        post(operator(ACCOUNT), SERVERS, seed.replace("\"zone\"", "\"adminPass\":\"short\",\"zone\"")).then().statusCode(400)
                .body("computeFault.details", containsString("server.adminPass"));
        post(operator(ACCOUNT), SERVERS, "{\"server\":").then().statusCode(400).body("computeFault.code", equalTo(400));
        post(operator(ACCOUNT), SERVERS, "{}").then().statusCode(400).body("computeFault.details", containsString("server"));
        post(operator(ACCOUNT), SERVERS, "[1]").then().statusCode(400).body("computeFault.code", equalTo(400));
    }

    @Test
    void unknownAccountsAndServersShouldAnswer404ItemNotFound() {
        assertFault(post(operator(ACCOUNT), "/accounts/fake/flexcloud/servers", ComputeFixture.seedRequest("fake", "x")),
                404, "itemNotFound", "Resource not found", "");
        assertFault(given().header("Authorization", operator(ACCOUNT)).get(SERVERS + "/" + UUID.randomUUID()),
                404, "itemNotFound", "Resource not found", "");
        assertFault(given().header("Authorization", operator(ACCOUNT)).get(SERVERS + "/167"), 404, "itemNotFound", "Resource not found", "");
        assertFault(given().header("Authorization", operator(ACCOUNT)).delete(SERVERS + "/" + UUID.randomUUID()),
                404, "itemNotFound", "Resource not found", "");
        assertFault(given().header("Authorization", operator(ACCOUNT)).get("/accounts/Not_An_Account/flexcloud/flavors"),
                404, "itemNotFound", "Resource not found", "");
        // another account's server does not exist for this caller
        String id = post(operator(ACCOUNT), SERVERS, ComputeFixture.seedRequest(ACCOUNT, "mine")).then().statusCode(202)
                .extract().jsonPath().getString("server.id");
        assertFault(given().header("Authorization", operator("acct-other")).get("/accounts/acct-other/flexcloud/servers/" + id),
                404, "itemNotFound", "Resource not found", "");
        deleteAndAwaitRelease(SERVERS, id);
    }

    @Test
    void theAccountlessPathShouldUseTheTokensOnlyProject() {
        String id = post(operator(ACCOUNT), "/servers", ComputeFixture.seedRequest(ACCOUNT, "via-token")).then().statusCode(202)
                .header("Location", containsString(SERVERS + "/"))
                .extract().jsonPath().getString("server.id");
        given().header("Authorization", operator(ACCOUNT)).get("/servers/" + id).then().statusCode(200).body("server.id", equalTo(id));
        given().header("Authorization", operator(ACCOUNT)).get("/servers").then().statusCode(200).body("servers.id", hasItem(id));
        given().header("Authorization", operator(ACCOUNT)).get("/servers/detail").then().statusCode(200)
                .body("servers.find { it.id == '" + id + "' }.name", equalTo("via-token"));
        deleteAndAwaitRelease("/servers", id);
        assertFault(post(operator(ACCOUNT, "acct-other"), "/servers", ComputeFixture.seedRequest(ACCOUNT, "x")), 400, "computeFault",
                "The account cannot be told from the token (it names 2 projects): use /accounts/{accountId}/flexcloud/servers", "");
        post("Bearer " + TestTokens.admin(), "/servers", ComputeFixture.seedRequest(ACCOUNT, "x")).then().statusCode(400)
                .body("computeFault.message", containsString("every project"));
    }

    private static String operator(String... accounts) {
        return "Bearer " + TestTokens.operator(accounts);
    }

    @Test
    void rolesShouldBeCheckedAndTokensRequired() {
        post("Bearer " + TestTokens.viewer(ACCOUNT), SERVERS, ComputeFixture.seedRequest(ACCOUNT, "x")).then().statusCode(403)
                .body("forbidden.code", equalTo(403));
        given().header("Authorization", "Bearer " + TestTokens.viewer(ACCOUNT)).get(SERVERS).then().statusCode(200);
        post(ComputeFixture.operator(ACCOUNT), "/accounts/" + ACCOUNT + "/flexcloud/flavors",
                "{\"flavor\":{\"name\":\"x\",\"cpuCores\":1,\"ramGiB\":1}}").then().statusCode(403);
        given().contentType(ContentType.JSON).body(ComputeFixture.seedRequest(ACCOUNT, "x")).post(SERVERS).then().statusCode(401)
                .body("unauthorized.code", equalTo(401));
        given().get("/servers").then().statusCode(401);
    }

    @Test
    void noMachineFittingTheFlavorShouldAnswer409AndWriteNothing() {
        String admin = "Bearer " + TestTokens.admin();
        String flavor = "gpu-" + UUID.randomUUID().toString().substring(0, 8);
        post(admin, "/accounts/" + ACCOUNT + "/flexcloud/flavors",
                "{\"flavor\":{\"id\":\"" + flavor + "\",\"name\":\"8 GPUs\",\"cpuCores\":1,\"ramGiB\":1,\"gpuCount\":64}}").then().statusCode(201);
        long before = serversOf(ACCOUNT);
        Response refused = post(ComputeFixture.operator(ACCOUNT), SERVERS, ComputeFixture.seedRequest(ACCOUNT, "too-big")
                .replace("flavors/1", "flavors/" + flavor));
        refused.then().statusCode(409).body("conflictingRequest.code", equalTo(409))
                .body("conflictingRequest.message", containsString("No available machine"));
        assertEquals(before, serversOf(ACCOUNT));
    }

    @Test
    void catalogsShouldBeAdminManagedAccountScopedAndLinked() {
        String admin = "Bearer " + TestTokens.admin();
        String base = "/accounts/" + ACCOUNT + "/flexcloud";
        String id = "img-" + UUID.randomUUID().toString().substring(0, 8);
        post(admin, base + "/images", "{\"image\":{\"id\":\"" + id + "\",\"name\":\"Debian 13 netinst\",\"bootMethod\":\"VirtualMedia\","
                + "\"uri\":\"http://images.example/debian-13.iso\"}}")
                .then().statusCode(201).header("Location", endsWith(base + "/images/" + id + "/"))
                .body("image.links[0].rel", equalTo("self")).body("image.links[0].href", endsWith(base + "/images/" + id + "/"))
                .body("image.links[0].href", org.hamcrest.Matchers.startsWith("http"))
                .body("image.links[1].rel", equalTo("bookmark")).body("image.links[1].href", equalTo(base + "/images/" + id + "/"))
                .body("image.public", equalTo(false));
        given().header("Authorization", "Bearer " + TestTokens.viewer(ACCOUNT)).get(base + "/images").then().statusCode(200)
                .body("images.id", hasItem(id)).body("images.id", hasItem(ComputeFixture.IMAGE));
        given().header("Authorization", "Bearer " + TestTokens.viewer(ACCOUNT)).get(base + "/images/" + id).then().statusCode(200)
                .body("image.bootMethod", equalTo("VirtualMedia"));
        // another account does not see it; the public ones it does
        given().header("Authorization", operator("acct-other")).get("/accounts/acct-other/flexcloud/images").then().statusCode(200)
                .body("images.id", not(hasItem(id))).body("images.id", hasItem(ComputeFixture.IMAGE));
        assertFault(given().header("Authorization", operator("acct-other")).get("/accounts/acct-other/flexcloud/images/" + id),
                404, "itemNotFound", "Resource not found", "");
        post(admin, base + "/images", "{\"image\":{\"id\":\"" + id + "\",\"name\":\"again\",\"bootMethod\":\"Pxe\"}}")
                .then().statusCode(409).body("conflictingRequest.code", equalTo(409));
        post(admin, base + "/images", "{\"image\":{\"name\":\"no iso\",\"bootMethod\":\"VirtualMedia\"}}").then().statusCode(400)
                .body("computeFault.details", containsString("image.uri"));
        post(admin, base + "/images", "{\"image\":{\"name\":\"floppy\",\"bootMethod\":\"Floppy\"}}").then().statusCode(400)
                .body("computeFault.details", containsString("image.bootMethod"));
        post(admin, base + "/flavors", "{\"flavor\":{\"name\":\"neg\",\"cpuCores\":-1,\"ramGiB\":1}}").then().statusCode(400)
                .body("computeFault.details", containsString("flavor.cpuCores"));
        String flavor = post(admin, base + "/flavors", "{\"flavor\":{\"name\":\"generated id\",\"cpuCores\":2,\"ramGiB\":4}}")
                .then().statusCode(201).extract().jsonPath().getString("flavor.id");
        given().header("Authorization", "Bearer " + TestTokens.viewer(ACCOUNT)).get(base + "/flavors/" + flavor).then().statusCode(200)
                .body("flavor.cpuCores", equalTo(2)).body("flavor.links[0].href", endsWith(base + "/flavors/" + flavor + "/"));
        String group = post(admin, base + "/os-security-groups", "{\"security_group\":{\"name\":\"web\"}}").then().statusCode(201)
                .body("security_group.description", equalTo("")).extract().jsonPath().getString("security_group.id");
        given().header("Authorization", "Bearer " + TestTokens.viewer(ACCOUNT)).get(base + "/os-security-groups").then().statusCode(200)
                .body("security_groups.id", hasItem(group));
        given().header("Authorization", admin).delete(base + "/images/" + id).then().statusCode(204);
        given().header("Authorization", admin).delete(base + "/flavors/" + flavor).then().statusCode(204);
        given().header("Authorization", admin).delete(base + "/os-security-groups/" + group).then().statusCode(204);
        assertFault(given().header("Authorization", admin).get(base + "/images/" + id), 404, "itemNotFound", "Resource not found", "");
        given().header("Authorization", admin).delete(base + "/images/" + id).then().statusCode(404);
    }
}
