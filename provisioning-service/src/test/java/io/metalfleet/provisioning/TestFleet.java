package io.metalfleet.provisioning;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.metalfleet.simulator.BmcFleet;
import io.metalfleet.simulator.FleetConfig;
import io.metalfleet.simulator.SimulatedBmc;

/**
 * One simulated fleet for the service's tests (started once per test JVM), and server.enrolled
 * events as inventory-service writes them, credentials sealed under the test fleet seal key.
 */
public final class TestFleet {

    public static final String SEAL_KEY = "dGVzdC1vbmx5LWZsZWV0LXNlYWwta2V5LTMyLWJ5dGU=";
    private static BmcFleet fleet;

    private TestFleet() {
    }

    public static synchronized BmcFleet fleet() {
        if (fleet == null) {
            fleet = BmcFleet.start(FleetConfig.builder().bmcs(24).basePort(0).controlPort(-1)
                    .latency(Duration.ofMillis(5)).powerTransition(Duration.ofMillis(300)).build());
            Runtime.getRuntime().addShutdownHook(new Thread(fleet::close));
        }
        return fleet;
    }

    public static String seal(String serverId, String username, String password) {
        try {
            byte[] nonce = new byte[12];
            new SecureRandom().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(SEAL_KEY), "AES"),
                    new GCMParameterSpec(128, nonce));
            cipher.updateAAD(serverId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal((username + "\0" + password).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The data of server.enrolled for BMC {@code bmc} as server {@code serverId} of {@code project}. */
    public static String enrolled(String serverId, String project, SimulatedBmc bmc, String password, String persona) {
        return """
                {"serverId":"%s","region":"us-test-1","project":"%s",
                 "server":{"id":"%s","tags":{"rack":"r1"},"persona":"%s","provisioningState":"registered"},
                 "bmc":{"address":"%s","endpoint":"%s",
                        "credentials":{"keyId":"fleet-1","algorithm":"AES-256-GCM","ciphertext":"%s"}}}
                """.formatted(serverId, project, serverId, persona, bmc.address(), bmc.url(),
                seal(serverId, bmc.username(), password));
    }
}
