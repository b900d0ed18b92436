package io.metalfleet.identity.api;

import static io.metalfleet.identity.Fixtures.ONEZONE;
import static io.metalfleet.identity.Fixtures.as;
import static io.metalfleet.identity.Fixtures.asAdmin;
import static io.metalfleet.identity.Fixtures.clientGrant;
import static io.metalfleet.identity.Fixtures.newUser;
import static io.metalfleet.identity.Fixtures.providerRequest;
import static io.metalfleet.identity.Fixtures.register;
import static io.metalfleet.identity.Fixtures.registrationToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** POST /api/v3/onezone/providers exactly as seed 004, and the reads and deletion of providers and clusters. */
@QuarkusTest
class ProviderRegistrationTest {

    @Inject
    Pool database;

    @Test
    void shouldRegisterTheSeedsCurlExampleVerbatimWithARealToken() {
        String token = registrationToken();
        // Seed 004's cURL body, character for character but the token: string booleans and numbers, trailing comma.
        String body = "{\n\"token\" : \"" + token + "\",\n\"name\" : \"My provider\",\n\"adminEmail\" : \"person@example.com\",\n"
                + "\"subdomainDelegation\" : \"false\",\n\"domain\" : \"my-provider.example.com\",\n"
                + "\"latitude\" : \"50.0647\",\n\"longitude\" : \"19.9450\",\n}";
        Map<String, Object> registered = given().contentType("application/json").body(body).post(ONEZONE + "/providers").then()
                .statusCode(200)
                .body("providerId", matchesPattern("[0-9a-f]{32}"))
                .body("providerRootToken", notNullValue())
                .body("adminUserId", notNullValue())
                .extract().as(Map.class);
        String providerId = (String) registered.get("providerId");

        asAdmin().get(ONEZONE + "/providers/" + providerId).then().statusCode(200)
                .body("name", equalTo("My provider")).body("domain", equalTo("my-provider.example.com"))
                .body("latitude", equalTo(50.0647f)).body("longitude", equalTo(19.945f))
                .body("clusterId", equalTo(providerId)).body("$", not(org.hamcrest.Matchers.hasKey("rootTokenHash")));
        asAdmin().get(ONEZONE + "/clusters/" + providerId).then().statusCode(200)
                .body("clusterId", equalTo(providerId)).body("serviceId", equalTo(providerId))
                .body("type", equalTo("oneprovider")).body("adminUserId", equalTo(registered.get("adminUserId")));
        asAdmin().get(ONEZONE + "/user").then().body("userId", equalTo(registered.get("adminUserId")));
        Long stored = database.preparedQuery("SELECT count(*) FROM providers WHERE root_token_hash = $1")
                .execute(Tuple.of(registered.get("providerRootToken"))).await().indefinitely().iterator().next().getLong(0);
        assertEquals(0L, stored, "the root token is stored only as a hash");
    }

    @Test
    void shouldRegisterTheSeedsRequestExampleAndRefuseTheSameTokenTwice() {
        String token = registrationToken();
        Map<String, Object> body = providerRequest(token);
        register(body).statusCode(200).body("providerId", notNullValue());
        body.put("domain", "another.example.com");
        register(body).statusCode(400).body("error.id", equalTo("badValueToken")).body("error.details.key", equalTo("token"))
                .body("error.details.tokenError", equalTo("used"));
    }

    @Test
    void shouldRefuseUnknownRevokedAndExpiredTokens() {
        register(providerRequest("0123.not-a-token")).statusCode(400).body("error.id", equalTo("badValueToken"))
                .body("error.details.tokenError", equalTo("invalid"));

        String revoked = registrationToken();
        asAdmin().delete(ONEZONE + "/provider_registration_tokens/" + revoked.substring(0, revoked.indexOf('.'))).then().statusCode(204);
        register(providerRequest(revoked)).statusCode(400).body("error.details.tokenError", equalTo("revoked"));

        String expired = registrationToken();
        database.preparedQuery("UPDATE registration_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1")
                .execute(Tuple.of(expired.substring(0, expired.indexOf('.')))).await().indefinitely();
        register(providerRequest(expired)).statusCode(400).body("error.details.tokenError", equalTo("expired"));
        asAdmin().get(ONEZONE + "/provider_registration_tokens").then().statusCode(200)
                .body("tokens.state", hasItem("expired")).body("tokens.state", hasItem("revoked"));
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of(Map.of("name", 7), "badValueString", "name"),
                Arguments.of(Map.of("name", "-bad name-"), "badValueName", "name"),
                Arguments.of(Map.of("adminEmail", "not-an-email"), "badValueEmail", "adminEmail"),
                Arguments.of(Map.of("subdomainDelegation", "maybe"), "badValueBoolean", "subdomainDelegation"),
                Arguments.of(Map.of("token", 42), "badValueToken", "token"),
                Arguments.of(Map.of("domain", "not a domain"), "badValueDomain", "domain"),
                Arguments.of(Map.of("latitude", 90.5), "badValueTooHigh", "latitude"),
                Arguments.of(Map.of("latitude", -91), "badValueTooLow", "latitude"),
                Arguments.of(Map.of("longitude", 180.01), "badValueTooHigh", "longitude"),
                Arguments.of(Map.of("longitude", "-200"), "badValueTooLow", "longitude"),
                Arguments.of(Map.of("latitude", "north"), "badValueFloat", "latitude"),
                Arguments.of(Map.of("opWorkerIpAddresses", List.of("10.0.0.300")), "badValueIPv4Address", "opWorkerIpAddresses"),
                Arguments.of(Map.of("ipList", "10.0.0.1"), "badValueListOfIPv4Addresses", "ipList"),
                Arguments.of(Map.of("opWorkerPort", 70000), "badValueTooHigh", "opWorkerPort"),
                Arguments.of(Map.of("opWorkerPort", 0), "badValueTooLow", "opWorkerPort"),
                Arguments.of(Map.of("opWorkerPort", "https"), "badValueInteger", "opWorkerPort"),
                Arguments.of(Map.of("oneS3IpAddresses", List.of("10.0.0.5")), "missingRequiredValue", "oneS3Port"),
                Arguments.of(Map.of("oneS3Port", 9000), "missingRequiredValue", "oneS3IpAddresses"),
                Arguments.of(Map.of("oneS3IpAddresses", List.of("x"), "oneS3Port", 9000), "badValueIPv4Address", "oneS3IpAddresses"),
                Arguments.of(Map.of("latitdue", 1), "badMessage", "latitdue"),
                Arguments.of(Map.of("subdomainDelegation", true), "missingRequiredValue", "subdomain"),
                Arguments.of(Map.of("subdomainDelegation", true, "subdomain", "Bad_Sub"), "badValueSubdomain", "subdomain"),
                Arguments.of(Map.of("subdomainDelegation", true, "subdomain", "okay"), "missingRequiredValue", "opWorkerIpAddresses"));
    }

    @ParameterizedTest
    @MethodSource("invalidRequests")
    void shouldAnswerEachBrokenRuleWithItsErrorIdNamingTheKeyAndLeaveTheTokenUnused(Map<String, Object> change, String id, String key) {
        String token = registrationToken();
        Map<String, Object> body = providerRequest(token);
        body.putAll(change);
        register(body).statusCode(400).body("error.id", equalTo(id)).body("error.details.key", equalTo(key))
                .body("error.description", notNullValue());
        register(providerRequest(token)).statusCode(200);
    }

    @Test
    void shouldRequireEachMandatoryKey() {
        for (String key : List.of("token", "name", "adminEmail", "subdomainDelegation", "domain")) {
            Map<String, Object> body = providerRequest(registrationToken());
            body.remove(key);
            register(body).statusCode(400).body("error.id", equalTo("missingRequiredValue")).body("error.details.key", equalTo(key));
        }
        given().contentType(ContentType.JSON).body("{not json").post(ONEZONE + "/providers").then().statusCode(400)
                .body("error.id", equalTo("badMessage"));
        given().contentType(ContentType.JSON).body("[1]").post(ONEZONE + "/providers").then().statusCode(400)
                .body("error.id", equalTo("badMessage"));
    }

    @Test
    void shouldDelegateAUniqueSubdomainOnly() {
        String subdomain = "sub" + System.nanoTime();
        Map<String, Object> body = providerRequest(registrationToken());
        body.remove("domain");
        body.putAll(Map.of("subdomainDelegation", true, "subdomain", subdomain, "opWorkerIpAddresses", List.of("10.1.0.1", "10.1.0.2"),
                "opWorkerPort", 443, "oneS3IpAddresses", List.of("10.1.0.3"), "oneS3Port", 9000));
        String id = register(body).statusCode(200).extract().path("providerId");
        asAdmin().get(ONEZONE + "/providers/" + id).then().body("domain", equalTo(subdomain + ".onezone.metalfleet.local"))
                .body("opWorkerIpAddresses", equalTo(List.of("10.1.0.1", "10.1.0.2"))).body("oneS3Port", equalTo(9000));

        String second = registrationToken();
        body.put("token", second);
        register(body).statusCode(400).body("error.id", equalTo("badValueIdentifierOccupied"))
                .body("error.details.key", equalTo("subdomain"));
        body.put("subdomain", subdomain + "b");
        body.remove("opWorkerIpAddresses");
        body.put("ipList", List.of("10.1.0.9"));
        register(body).statusCode(200);
    }

    @Test
    void shouldLetOnlyAdminsIssueTokensAndShowEachUserOnlyItsOwnProviders() {
        String[] operator = newUser("operator");
        as(operator[1]).post(ONEZONE + "/user/clusters/provider_registration_token").then().statusCode(403)
                .body("error.id", equalTo("forbidden"));
        given().post(ONEZONE + "/user/clusters/provider_registration_token").then().statusCode(401)
                .body("error.id", equalTo("unauthorized"));
        given().header("Authorization", "Bearer not.a.token").get(ONEZONE + "/providers").then().statusCode(401);

        String id = register(providerRequest(registrationToken())).statusCode(200).extract().path("providerId");
        as(operator[1]).get(ONEZONE + "/providers/" + id).then().statusCode(404).body("error.id", equalTo("notFound"));
        as(operator[1]).get(ONEZONE + "/providers").then().statusCode(200).body("providers", equalTo(List.of()));
        asAdmin().get(ONEZONE + "/providers").then().statusCode(200).body("providers", hasItem(id));
        asAdmin().get(ONEZONE + "/clusters").then().statusCode(200).body("clusters", hasItem(id));
    }

    @Test
    void shouldSignInAProviderWithItsRootTokenAndLetItReadAndDeleteItself() {
        Map<String, Object> registered = register(providerRequest(registrationToken())).statusCode(200).extract().as(Map.class);
        String id = (String) registered.get("providerId");
        String rootToken = (String) registered.get("providerRootToken");

        String token = clientGrant(id, rootToken).statusCode(200).extract().path("access_token");
        as(token).get(ONEZONE + "/providers/" + id).then().statusCode(200).body("providerId", equalTo(id));
        as(token).get(ONEZONE + "/clusters").then().statusCode(200).body("clusters", equalTo(List.of(id)));
        as(token).post(ONEZONE + "/user/clusters/provider_registration_token").then().statusCode(403);
        clientGrant(id, rootToken + "x").statusCode(401).body("error", equalTo("invalid_client"));

        as(token).delete(ONEZONE + "/providers/" + id).then().statusCode(204);
        asAdmin().get(ONEZONE + "/providers/" + id).then().statusCode(404);
        asAdmin().get(ONEZONE + "/clusters/" + id).then().statusCode(404);
        clientGrant(id, rootToken).statusCode(401);
    }
}
