package io.metalfleet.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.metalfleet.local.infra.JwtKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the service's token verification at a key pair made for this test JVM, so that
 * {@link TestTokens} can mint tokens the service accepts. Verification itself is the real one.
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    static final String KEY_DIR = "test.metalfleet.jwt.dir";

    @Override
    public Map<String, String> start() {
        JwtKeys keys = keys();
        return Map.of(
                "mp.jwt.verify.publickey.location", keys.publicKeyPem().toUri().toString(),
                "mp.jwt.verify.publickey.algorithm", "ES256",
                "mp.jwt.verify.issuer", JwtKeys.DEFAULT_ISSUER,
                "mp.jwt.verify.audiences", JwtKeys.DEFAULT_AUDIENCE);
    }

    @Override
    public void stop() {
    }

    static synchronized JwtKeys keys() {
        try {
            String dir = System.getProperty(KEY_DIR);
            if (dir == null) {
                dir = Files.createTempDirectory("metalfleet-jwt").toString();
                System.setProperty(KEY_DIR, dir);
            }
            return JwtKeys.inDirectory(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
