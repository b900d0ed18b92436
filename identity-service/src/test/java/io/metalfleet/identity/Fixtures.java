package io.metalfleet.identity;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Small helpers: sign in through the real token endpoint, issue registration tokens, build requests. */
public final class Fixtures {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final String ONEZONE = "/api/v3/onezone";

    private Fixtures() {
    }

    public static ValidatableResponse passwordGrant(String username, String password) {
        return given().contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("username", username).formParam("password", password).post("/oauth2/token").then();
    }

    public static ValidatableResponse clientGrant(String clientId, String secret) {
        return given().auth().preemptive().basic(clientId, secret).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").post("/oauth2/token").then();
    }

    public static String adminToken() {
        return passwordGrant(ADMIN, ADMIN_PASSWORD).statusCode(200).extract().path("access_token");
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    public static RequestSpecification asAdmin() {
        return as(adminToken());
    }

    /** A new user with {@code roles}; returns {userId, token}. */
    public static String[] newUser(String... roles) {
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        String userId = asAdmin().body(Map.of("username", username, "password", "a-long-enough-password", "roles", List.of(roles)))
                .post(ONEZONE + "/users").then().statusCode(201).extract().path("userId");
        String token = passwordGrant(username, "a-long-enough-password").statusCode(200).extract().path("access_token");
        return new String[] { userId, token };
    }

    public static String registrationToken(String bearer) {
        return as(bearer).post(ONEZONE + "/user/clusters/provider_registration_token").then().statusCode(200)
                .extract().path("token");
    }

    public static String registrationToken() {
        return registrationToken(adminToken());
    }

    /** The seed's request example with a fresh token and a unique domain. */
    public static Map<String, Object> providerRequest(String token) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("name", "My provider");
        body.put("adminEmail", "person@example.com");
        body.put("subdomainDelegation", false);
        body.put("domain", "p" + UUID.randomUUID().toString().substring(0, 8) + ".example.com");
        body.put("latitude", 50.0647);
        body.put("longitude", 19.945);
        return body;
    }

    public static ValidatableResponse register(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(ONEZONE + "/providers").then();
    }
}
