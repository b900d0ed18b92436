package io.metalfleet.cert;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.metalfleet.local.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Small builders for requests; each test works in a project of its own. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A project id shaped like seed 001's (32 hex digits). */
    public static String newProject() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    public static String products(String project) {
        return "/v2/" + project + "/productmgr/products";
    }

    public static String nodeCertificates(String project) {
        return "/v2/" + project + "/productmgr/nodes/certificates";
    }

    public static String ca(String project) {
        return "/v2/" + project + "/ca";
    }

    /** Seed 001's way: the token in X-Auth-Token. */
    public static RequestSpecification withXAuthToken(String token) {
        return given().header("X-Auth-Token", token).contentType(ContentType.JSON);
    }

    public static RequestSpecification asAdmin() {
        return given().header("Authorization", "Bearer " + TestTokens.admin()).contentType(ContentType.JSON);
    }

    public static Map<String, Object> product(String name) {
        return Map.of("product", Map.of("name", name, "description", "", "attributes", Map.of(), "tags", java.util.List.of()));
    }

    /** Creates a product and returns the whole 201 answer. */
    public static ExtractableResponse<Response> createProduct(String project, String name) {
        return asAdmin().body(product(name)).post(products(project)).then().statusCode(201).extract();
    }
}
