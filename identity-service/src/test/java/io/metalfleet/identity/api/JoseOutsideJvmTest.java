package io.metalfleet.identity.api;

import static io.metalfleet.identity.Fixtures.adminToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A token of this issuer verifies with a third-party JOSE library outside the JVM ({@code jose} on
 * Node.js, src/test/js) against the published JWKS. Fails — never skips — when node or npm are missing.
 */
@QuarkusTest
class JoseOutsideJvmTest {

    private static final File SCRIPT_DIR = new File("src/test/js");

    @TestHTTPResource("/.well-known/jwks.json")
    URL jwks;

    @Test
    void shouldVerifyIssuedTokensWithNodeJoseAgainstThePublishedJwks() throws Exception {
        if (!new File(SCRIPT_DIR, "node_modules/jose").isDirectory()) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 180);
            assertEquals(0, install.exit(), "npm ci failed: " + install.output());
        }
        String token = adminToken();
        Result verified = run(List.of("node", "verify-token.mjs", jwks.toString(), "https://identity.metalfleet.local", "metalfleet", token), 60);
        assertEquals(0, verified.exit(), verified.output());
        assertTrue(verified.output().contains("\"alg\":\"ES256\""), verified.output());
        assertTrue(verified.output().contains("\"groups\":[\"admin\"]"), verified.output());

        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        Result refused = run(List.of("node", "verify-token.mjs", jwks.toString(), "https://identity.metalfleet.local", "metalfleet", tampered), 60);
        assertNotEquals(0, refused.exit(), "a tampered signature must be refused: " + refused.output());
        Result wrongAudience = run(List.of("node", "verify-token.mjs", jwks.toString(), "https://identity.metalfleet.local", "other", token), 60);
        assertNotEquals(0, wrongAudience.exit(), wrongAudience.output());
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(SCRIPT_DIR).redirectErrorStream(true).start();
        boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + command.get(0));
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
