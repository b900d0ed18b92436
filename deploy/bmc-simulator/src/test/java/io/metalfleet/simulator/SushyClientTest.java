package io.metalfleet.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real third-party Redfish client: Debian's python3-sushy (the library inside OpenStack Ironic) logs
 * in with a session, reads the system, sets a one-time PXE boot, powers on, sees the change, powers off.
 * Missing sushy is a failure, not a skip: CI installs it (apt-get install -y python3-sushy).
 */
class SushyClientTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SCRIPT = Path.of("src/test/python/sushy_check.py");
    static BmcFleet fleet;

    @BeforeAll
    static void start() {
        fleet = BmcFleet.start(FleetConfig.builder().bmcs(3).basePort(0).latency(Duration.ofMillis(5))
                .powerTransition(Duration.ofMillis(500)).bootTime(Duration.ofSeconds(1)).build());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @ParameterizedTest(name = "sushy against BMC {0}")
    @ValueSource(ints = {0, 1})
    void sushyShouldLogInSetOneTimePxeAndPowerTheSystem(int index) throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            fail("/usr/bin/python3 is missing: install python3 and python3-sushy (apt-get install -y python3-sushy)");
        }
        SimulatedBmc b = fleet.bmc(index);
        Process p = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), b.url(), b.username(), b.password(), "20")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sushy check timed out:\n" + out);
        if (out.contains("SUSHY-MISSING")) {
            fail("python3-sushy is not installed for /usr/bin/python3 (apt-get install -y python3-sushy):\n" + out);
        }
        assertEquals(0, p.exitValue(), "sushy check failed:\n" + out);
        assertTrue(out.contains("SUSHY-OK"), out);
        assertTrue(b.sessionsCreated() >= 1, "sushy should log in with a session");
        assertEquals(0, b.sessionsOpen(), "sushy should log out at the end");
        assertEquals(2, b.resetsReceived(), "On, then ForceOff");
        assertEquals(1, b.hostState().overridesConsumed(), "the Once override was consumed by the boot");
        assertEquals("Pxe", b.hostState().lastBootTarget());
        assertEquals("Off", b.powerState());
        assertTrue(b.requestsByPath().containsKey("POST /redfish/v1/SessionService/Sessions"), b.requestsByPath().toString());
    }
}
