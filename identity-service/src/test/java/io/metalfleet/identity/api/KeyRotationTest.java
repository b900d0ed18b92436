package io.metalfleet.identity.api;

import static io.metalfleet.identity.Fixtures.ONEZONE;
import static io.metalfleet.identity.Fixtures.adminToken;
import static io.metalfleet.identity.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.metalfleet.identity.domain.SigningKeyService;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.mutiny.sqlclient.Pool;

/** Rotation keeps tokens of the previous key valid until they expire; a retired key is refused everywhere. */
@QuarkusTest
class KeyRotationTest {

    @TestHTTPResource("/.well-known/jwks.json")
    URL jwks;
    @Inject
    SigningKeyService keys;
    @Inject
    Pool database;

    @Test
    void shouldKeepOldTokensValidAfterRotationAndRefuseThemOnceTheirKeyIsRetired() throws Exception {
        String before = adminToken();
        String oldKid = kidOf(before);

        String newKid = as(before).post(ONEZONE + "/signing_keys").then().statusCode(201)
                .body("state", equalTo("active")).extract().path("kid");
        assertNotEquals(oldKid, newKid);
        String after = adminToken();
        assertEquals(newKid, kidOf(after));

        List<String> published = given().get("/.well-known/jwks.json").then().statusCode(200).extract().path("keys.kid");
        assertEquals(List.of(newKid, oldKid), published.subList(0, 2), "the new key first, the previous one still published");
        verifier().parse(before);
        verifier().parse(after);
        as(before).get(ONEZONE + "/user").then().statusCode(200);

        as(after).delete(ONEZONE + "/signing_keys/" + oldKid).then().statusCode(204);
        given().get("/.well-known/jwks.json").then().body("keys.kid", not(hasItem(oldKid)));
        assertThrows(ParseException.class, () -> verifier().parse(before), "a verifier with only the JWKS URL refuses it");
        as(before).get(ONEZONE + "/user").then().statusCode(401).body("error.id", equalTo("unauthorized"));
        as(after).get(ONEZONE + "/user").then().statusCode(200);
        as(after).delete(ONEZONE + "/signing_keys/" + oldKid).then().statusCode(404);
    }

    @Test
    void shouldRetireRotatedKeysOnScheduleOnceEveryTokenTheySignedHasExpired() throws Throwable {
        String admin = adminToken();
        String previous = as(admin).post(ONEZONE + "/signing_keys").then().statusCode(201).extract().path("kid");
        String current = as(admin).post(ONEZONE + "/signing_keys").then().statusCode(201).extract().path("kid");
        given().get("/.well-known/jwks.json").then().body("keys.kid", hasItem(previous));

        // The schedule run a token lifetime (15 min) plus the skew (1 min) later, within the 30-day rotation interval.
        Instant later = Instant.now().plus(Duration.ofMinutes(17));
        io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> keys.scheduledMaintenance(later));
        List<String> published = given().get("/.well-known/jwks.json").then().extract().path("keys.kid");
        assertEquals(List.of(current), published);
        Long wiped = database.query("SELECT count(*) FROM signing_keys WHERE state = 'retired' AND private_key IS NOT NULL")
                .execute().await().indefinitely().iterator().next().getLong(0);
        assertEquals(0L, wiped, "retired keys keep no private key");
        Long encrypted = database.query("SELECT count(*) FROM signing_keys WHERE state = 'active' AND position('BEGIN' in encode(private_key, 'escape')) = 0")
                .execute().await().indefinitely().iterator().next().getLong(0);
        assertEquals(1L, encrypted);
        as(adminToken()).get(ONEZONE + "/signing_keys").then().statusCode(200).body("keys.state", hasItem("retired"));
    }

    @Test
    void shouldLetOnlyAdminsManageKeys() {
        String viewer = io.metalfleet.identity.Fixtures.newUser("viewer")[1];
        as(viewer).post(ONEZONE + "/signing_keys").then().statusCode(403).body("error.id", equalTo("forbidden"));
        given().get(ONEZONE + "/signing_keys").then().statusCode(401);
    }

    private DefaultJWTParser verifier() {
        JWTAuthContextInfo context = new JWTAuthContextInfo(jwks.toString(), "https://identity.metalfleet.local");
        context.setExpectedAudience(Set.of("metalfleet"));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256));
        return new DefaultJWTParser(context);
    }

    private static String kidOf(String token) throws Exception {
        String header = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(header).path("kid").asText();
    }
}
