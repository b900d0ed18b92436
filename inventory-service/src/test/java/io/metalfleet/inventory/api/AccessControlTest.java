package io.metalfleet.inventory.api;

import static io.metalfleet.inventory.Fixtures.as;
import static io.metalfleet.inventory.Fixtures.batchCreate;
import static io.metalfleet.inventory.Fixtures.enroll;
import static io.metalfleet.inventory.Fixtures.item;
import static io.metalfleet.inventory.Fixtures.newProject;
import static io.metalfleet.inventory.Fixtures.servers;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.metalfleet.local.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/** The 401/403/404 matrix across two projects. */
@QuarkusTest
class AccessControlTest {

    private static final Map<String, Object> ONE = Map.of("servers", List.of(Map.of("bmcAddress", "10.77.0.1")));

    @Test
    void shouldAnswer401WithoutOrWithAnInvalidToken() {
        String project = newProject();
        given().get(servers(project)).then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("error.code", equalTo(401));
        as("not-a-jwt").get(servers(project)).then().statusCode(401).body("error.code", equalTo(401));
        as(TestTokens.expired()).get(servers(project)).then().statusCode(401);
        as(TestTokens.forOtherAudience()).get(servers(project)).then().statusCode(401);
        given().contentType("application/json").body(ONE).post(batchCreate(project)).then().statusCode(401);
    }

    @Test
    void shouldLetEachRoleDoOnlyWhatItMayInItsOwnProject() {
        String a = newProject();
        String id = enroll(a, List.of(item("10.77.1.1"))).statusCode(200).extract().path("succeeded[0].id");

        as(TestTokens.viewer(a)).get(servers(a)).then().statusCode(200);
        as(TestTokens.viewer(a)).get(servers(a) + "/" + id).then().statusCode(200);
        as(TestTokens.viewer(a)).body(ONE).post(batchCreate(a)).then().statusCode(403).body("error.code", equalTo(403));
        as(TestTokens.viewer(a)).body(Map.of("displayName", "x")).patch(servers(a) + "/" + id).then().statusCode(403);
        as(TestTokens.viewer(a)).delete(servers(a) + "/" + id).then().statusCode(403);

        as(TestTokens.operator(a)).body(ONE).post(batchCreate(a)).then().statusCode(200);
        as(TestTokens.operator(a)).body(Map.of("displayName", "renamed")).patch(servers(a) + "/" + id).then()
                .statusCode(200).body("displayName", equalTo("renamed"));
        as(TestTokens.operator(a)).body(Map.of("username", "u", "password", "p"))
                .put(servers(a) + ":defaultBmcCredentials").then().statusCode(403);
        as(TestTokens.token("nobody", java.util.Set.of(), List.of(a))).get(servers(a)).then().statusCode(403);
    }

    @Test
    void shouldHideAnotherProjectsServersBehind404() {
        String a = newProject();
        String b = newProject();
        String id = enroll(a, List.of(item("10.77.2.1"))).statusCode(200).extract().path("succeeded[0].id");

        as(TestTokens.operator(b)).get(servers(a)).then().statusCode(404).body("error.code", equalTo(404));
        as(TestTokens.operator(b)).get(servers(a) + "/" + id).then().statusCode(404);
        as(TestTokens.operator(b)).body(ONE).post(batchCreate(a)).then().statusCode(404);
        as(TestTokens.operator(b)).delete(servers(a) + "/" + id).then().statusCode(404);
        // The id exists, but not in b: the same 404 as a server that does not exist at all.
        as(TestTokens.operator(b)).get(servers(b) + "/" + id).then().statusCode(404)
                .body("error.message", equalTo("server " + id + " not found"));
        as(TestTokens.operator(b)).get(servers(b) + "/server-zzzzzz").then().statusCode(404)
                .body("error.message", equalTo("server server-zzzzzz not found"));
        as(TestTokens.admin()).get(servers(a) + "/" + id).then().statusCode(200);
    }
}
