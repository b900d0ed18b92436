package io.metalfleet.inventory.api;

import static io.metalfleet.inventory.Fixtures.as;
import static io.metalfleet.inventory.Fixtures.enroll;
import static io.metalfleet.inventory.Fixtures.item;
import static io.metalfleet.inventory.Fixtures.newProject;
import static io.metalfleet.inventory.Fixtures.servers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.metalfleet.local.infra.JwtKeys;
import io.metalfleet.local.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The verified-token cache never widens what the service accepts: a cached token stops working at
 * its exp, and a token signed by a key the service does not trust is refused even when it carries
 * the same key id as a token already cached.
 */
@QuarkusTest
class TokenCacheTest {

    @Test
    void shouldRefuseACachedTokenOnceItHasExpired() {
        String project = newProject();
        String server = servers(project) + "/" + enroll(project, List.of(item("10.78.0.1"))).statusCode(200)
                .extract().<String>path("succeeded[0].id");
        String shortLived = TestTokens.adminFor(Duration.ofSeconds(4));
        as(shortLived).get(server).then().statusCode(200);
        as(shortLived).get(server).then().statusCode(200); // now from the cache

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
            status = as(shortLived).get(server).then().extract().statusCode();
        }
        assertEquals(401, status, "a cached token must be refused after its exp");
        // A fresh token still works: the refusal was about that token, not the cache as a whole.
        as(TestTokens.admin()).get(server).then().statusCode(200);
    }

    @Test
    void shouldRefuseATokenFromAnUntrustedKeyWithTheSameKeyIdAsACachedOne() throws Exception {
        String project = newProject();
        String server = servers(project) + "/" + enroll(project, List.of(item("10.78.1.1"))).statusCode(200)
                .extract().<String>path("succeeded[0].id");
        String trusted = TestTokens.admin();
        as(trusted).get(server).then().statusCode(200);
        as(trusted).get(server).then().statusCode(200);

        JwtKeys other = JwtKeys.inDirectory(Files.createTempDirectory("untrusted-jwt"));
        String forged = other.token("admin@metalfleet.test", Set.of("admin"), List.of("*"), Duration.ofMinutes(5));
        as(forged).get(server).then().statusCode(401);
        as(forged).get(server).then().statusCode(401);
        as(trusted).get(server).then().statusCode(200);
    }
}
