package io.metalfleet.identity.api;

import static io.metalfleet.identity.Fixtures.ADMIN;
import static io.metalfleet.identity.Fixtures.ADMIN_PASSWORD;
import static io.metalfleet.identity.Fixtures.ONEZONE;
import static io.metalfleet.identity.Fixtures.as;
import static io.metalfleet.identity.Fixtures.asAdmin;
import static io.metalfleet.identity.Fixtures.clientGrant;
import static io.metalfleet.identity.Fixtures.newUser;
import static io.metalfleet.identity.Fixtures.passwordGrant;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;

/** The OAuth 2.0 token endpoint: both grants, RFC 6749 errors, the failure limit, and tokens other services accept. */
@QuarkusTest
class TokenGrantTest {

    @TestHTTPResource("/.well-known/jwks.json")
    URL jwks;

    @Test
    void shouldIssueAnEs256TokenForTheBootstrapAdminThatAVerifierWithOnlyTheJwksUrlAccepts() throws Exception {
        String token = passwordGrant(ADMIN, ADMIN_PASSWORD).statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .extract().path("access_token");

        JsonWebToken jwt = jwksVerifier().parse(token);
        assertEquals("https://identity.metalfleet.local", jwt.getIssuer());
        assertEquals(Set.of("metalfleet"), jwt.getAudience());
        assertEquals(Set.of("admin"), jwt.getGroups());
        assertEquals(ADMIN, jwt.getName());
        assertTrue(jwt.getClaimNames().containsAll(Set.of("sub", "exp", "iat", "jti", "projects")));
        assertEquals(jwt.getIssuedAtTime() + 900, jwt.getExpirationTime());
        assertEquals("*", ((jakarta.json.JsonArray) jwt.getClaim("projects")).getString(0));
    }

    @Test
    void shouldRefuseWrongPasswordsAndUnknownUsersAlikeWithInvalidGrant() {
        passwordGrant(ADMIN, "not-the-password").statusCode(400)
                .body("error", equalTo("invalid_grant")).body("error_description", notNullValue());
        passwordGrant("nobody-" + System.nanoTime(), "whatever-password").statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void shouldAnswerRfc6749ErrorsForMalformedRequests() {
        given().contentType(ContentType.URLENC).formParam("username", "x").post("/oauth2/token").then()
                .statusCode(400).body("error", equalTo("invalid_request"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "authorization_code").post("/oauth2/token").then()
                .statusCode(400).body("error", equalTo("unsupported_grant_type"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "password").formParam("username", ADMIN)
                .post("/oauth2/token").then().statusCode(400).body("error", equalTo("invalid_request"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "password", "password").post("/oauth2/token").then()
                .statusCode(400).body("error", equalTo("invalid_request"));
        given().contentType(ContentType.JSON).body(Map.of("grant_type", "password")).post("/oauth2/token").then()
                .statusCode(400).body("error", equalTo("invalid_request"));
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials").post("/oauth2/token").then()
                .statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void shouldIssueClientCredentialsTokensToServiceAccountsByBasicOrFormAuthentication() throws Exception {
        Map<String, Object> account = asAdmin().body(Map.of("name", "ci-runner", "roles", List.of("operator"), "projects", List.of("project-a")))
                .post(ONEZONE + "/service_accounts").then().statusCode(201)
                .body("clientSecret", notNullValue()).extract().as(Map.class);
        String clientId = (String) account.get("clientId");
        String secret = (String) account.get("clientSecret");

        String token = clientGrant(clientId, secret).statusCode(200).extract().path("access_token");
        JsonWebToken jwt = jwksVerifier().parse(token);
        assertEquals(clientId, jwt.getSubject());
        assertEquals(Set.of("operator"), jwt.getGroups());
        given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId).formParam("client_secret", secret).post("/oauth2/token").then().statusCode(200);

        clientGrant(clientId, secret + "x").statusCode(401).body("error", equalTo("invalid_client"))
                .header("WWW-Authenticate", notNullValue());
        asAdmin().get(ONEZONE + "/service_accounts/" + clientId).then().statusCode(405);
        asAdmin().get(ONEZONE + "/service_accounts").then().statusCode(200).body("serviceAccounts", hasItem(clientId));
        asAdmin().delete(ONEZONE + "/service_accounts/" + clientId).then().statusCode(204);
        clientGrant(clientId, secret).statusCode(401);
    }

    @Test
    void shouldRefuseASubjectAfterTooManyFailuresEvenWithTheRightPassword() {
        String username = "throttled-" + System.nanoTime();
        asAdmin().body(Map.of("username", username, "password", "the-right-password", "roles", List.of("viewer")))
                .post(ONEZONE + "/users").then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            passwordGrant(username, "wrong-password-" + i).statusCode(400).body("error", equalTo("invalid_grant"));
        }
        passwordGrant(username, "the-right-password").statusCode(429).body("error", equalTo("slow_down"))
                .header("Retry-After", notNullValue());
        passwordGrant(ADMIN, ADMIN_PASSWORD).statusCode(200);
    }

    @Test
    void shouldLetAdminsCreateUsersWhoSignInWithTheirRolesAndNothingMore() {
        String[] viewer = newUser("viewer");
        as(viewer[1]).get(ONEZONE + "/user").then().statusCode(200).body("userId", equalTo(viewer[0]))
                .body("roles", equalTo(List.of("viewer")));
        as(viewer[1]).body(Map.of("username", "x-not-allowed", "password", "long-enough-password", "roles", List.of("admin")))
                .post(ONEZONE + "/users").then().statusCode(403).body("error.id", equalTo("forbidden"));
        asAdmin().get(ONEZONE + "/users/" + viewer[0]).then().statusCode(200).body("username", notNullValue())
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("passwordHash")));
    }

    @Test
    void shouldPublishTheOpenIdConfiguration() {
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo("https://identity.metalfleet.local"))
                .body("jwks_uri", org.hamcrest.Matchers.endsWith("/.well-known/jwks.json"))
                .body("token_endpoint", org.hamcrest.Matchers.endsWith("/oauth2/token"))
                .body("grant_types_supported", hasItem("client_credentials"));
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys[0].kty", equalTo("EC")).body("keys[0].crv", equalTo("P-256"))
                .body("keys[0].alg", equalTo("ES256")).body("keys[0].kid", notNullValue())
                .body("keys[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("d")));
    }

    /** Configured the way every other service of the suite is: only the JWKS URL, issuer and audience. */
    private DefaultJWTParser jwksVerifier() {
        JWTAuthContextInfo context = new JWTAuthContextInfo(jwks.toString(), "https://identity.metalfleet.local");
        context.setExpectedAudience(Set.of("metalfleet"));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256));
        return new DefaultJWTParser(context);
    }
}
