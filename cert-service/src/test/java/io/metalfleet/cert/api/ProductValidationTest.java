package io.metalfleet.cert.api;

import static io.metalfleet.cert.Fixtures.asAdmin;
import static io.metalfleet.cert.Fixtures.newProject;
import static io.metalfleet.cert.Fixtures.products;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;

/** Every rule of seed 001's request: a 400 in the error-code shape naming the field, and nothing written. */
@QuarkusTest
class ProductValidationTest {

    static Stream<Arguments> badProducts() {
        return Stream.of(
                Arguments.of(Map.of(), "product", "is required"),
                Arguments.of(product(Map.of("description", "no name")), "product.name", "is required"),
                Arguments.of(product(Map.of("name", "a".repeat(27))), "product.name", "at most 26"),
                Arguments.of(product(Map.of("name", "Upper")), "product.name", "lowercase"),
                Arguments.of(product(Map.of("name", "-lead")), "product.name", "hyphen"),
                Arguments.of(product(Map.of("name", "trail-")), "product.name", "hyphen"),
                Arguments.of(product(Map.of("name", "under_score")), "product.name", "lowercase"),
                Arguments.of(product(Map.of("name", "")), "product.name", "lowercase"),
                Arguments.of(product(Map.of("name", "ok", "tags", List.of(Map.of("value", "v")))), "product.tags[0].key", "is required"),
                Arguments.of(product(Map.of("name", "ok", "tags", List.of(Map.of("key", "", "value", "v")))), "product.tags[0].key", "1 to 128"),
                Arguments.of(product(Map.of("name", "ok", "tags", List.of(Map.of("key", "k".repeat(129), "value", "v")))), "product.tags[0].key", "1 to 128"),
                Arguments.of(product(Map.of("name", "ok", "tags", List.of(Map.of("key", "a b", "value", "v")))), "product.tags[0].key", "letters, digits"),
                Arguments.of(product(Map.of("name", "ok", "tags", List.of(Map.of("key", "k", "value", "")))), "product.tags[0].value", "1 to 256"),
                Arguments.of(product(Map.of("name", "ok", "tags", List.of(Map.of("key", "k", "value", "v".repeat(257))))), "product.tags[0].value", "1 to 256"),
                Arguments.of(product(Map.of("name", "ok", "tags", List.of(Map.of("key", "k", "value", "a.b")))), "product.tags[0].value", "letters, digits"),
                Arguments.of(product(Map.of("name", "ok", "attributes", Map.of("a", Map.of("value", 5, "colour", "x")))), "product.attributes.a.colour", "unknown field"),
                Arguments.of(product(Map.of("name", "ok", "tags", "not-a-list")), "product.tags", "wrong type"),
                Arguments.of(product(Map.of("name", "ok", "extra", true)), "product.extra", "unknown field"));
    }

    @ParameterizedTest
    @MethodSource("badProducts")
    void shouldRefuseWith400NamingTheField(Map<String, Object> body, String field, String reason) {
        String project = newProject();
        asAdmin().body(body).post(products(project)).then().statusCode(400)
                .body("error_code", equalTo("IEF.100001"))
                .body("error_msg", containsString(field))
                .body("error_msg", containsString(reason))
                .body("error_msg", not(containsString("Exception")));
        asAdmin().get(products(project)).then().statusCode(200).body("count", equalTo(0));
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "abcdefghijklmnopqrstuvwxyz", "0-9", "a1-b2-c3" })
    void shouldAcceptNamesWithinTheRules(String name) {
        asAdmin().body(product(Map.of("name", name))).post(products(newProject())).then().statusCode(201)
                .body("product.name", equalTo(name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{", "[]", "\"text\"", "" })
    void shouldRefuseMalformedBodiesWith400(String raw) {
        asAdmin().body(raw).post(products(newProject())).then().statusCode(400)
                .body("error_code", org.hamcrest.Matchers.startsWith("IEF.10000"));
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseABadProjectIdAndABadInstanceHeader() {
        asAdmin().body(product(Map.of("name", "ok"))).post(products("bad.project")).then().statusCode(400)
                .body("error_msg", containsString("project_id"));
        asAdmin().header("ief-instance-id", "x y").body(product(Map.of("name", "ok"))).post(products(newProject()))
                .then().statusCode(400).body("error_msg", containsString("ief-instance-id"));
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseAnEdgeCaseTagsWithNullsAndTooMany() {
        List<Map<String, String>> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(Map.of("key", "k" + i, "value", "v"));
        }
        asAdmin().body(product(Map.of("name", "ok", "tags", many))).post(products(newProject())).then().statusCode(400)
                .body("error_msg", containsString("product.tags"));
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        asAdmin().body(product(Map.of("name", "ok", "tags", withNull))).post(products(newProject())).then().statusCode(400)
                .body("error_msg", containsString("product.tags[0]"));
    }

    static Map<String, Object> product(Map<String, Object> fields) {
        return Map.of("product", new HashMap<>(fields));
    }
}
