package io.metalfleet.provisioning.redfish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.redfish.connector.RedfishSettings;
import io.metalfleet.provisioning.redfish.tls.BmcTrust;
import io.metalfleet.provisioning.redfish.connector.RedfishException.Kind;
import io.metalfleet.provisioning.redfish.power.PowerAction;
import io.metalfleet.simulator.SimulatedBmc;
import io.metalfleet.simulator.fault.FaultSpec;

/**
 * Each injected fault ends in success after retry, or in a definite failure with a reason, before its
 * deadline. One fleet, one BMC per fault.
 */
class EngineFaultsTest {

    static EngineFixture f;

    @BeforeAll
    static void start() {
        f = new EngineFixture(EngineFixture.fleet(10).profiles("dmtf"), EngineFixture.settings()
                .withRequestTimeout(Duration.ofSeconds(1)).withRetries(5, Duration.ofMillis(20)));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static void fault(int i, FaultSpec spec) {
        f.fleet.bmc(i).faults(spec);
    }

    @Test
    void shouldSucceedAfterHonouringRetryAfterOn503() {
        f.engine.powerState(f.target(0)).await().atMost(EngineFixture.AWAIT);
        long retriesBefore = f.engine.connector().retries();
        fault(0, FaultSpec.builder().unavailableRate(0.5).retryAfterSeconds(1).build());
        long start = System.nanoTime();
        for (int n = 0; n < 20 && f.engine.connector().retries() == retriesBefore; n++) {
            assertEquals("Off", f.engine.powerState(f.target(0)).await().atMost(EngineFixture.AWAIT));
        }
        fault(0, FaultSpec.NONE);
        assertTrue(f.engine.connector().retries() > retriesBefore, "503s were retried");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 1000, "Retry-After: 1 was waited out");
    }

    @Test
    void shouldRetryReadsThroughServerErrorsAndConnectionResets() {
        fault(1, FaultSpec.builder().errorRate(0.1).resetRate(0.05).build());
        for (int n = 0; n < 5; n++) {
            assertNotNull(f.engine.inspect(f.target(1)).await().atMost(EngineFixture.AWAIT).serialNumber());
        }
        fault(1, FaultSpec.NONE);
    }

    @Test
    void shouldRetryATlsHandshakeThatTimesOutAndReportItAsATimeoutNotARefusal() throws Exception {
        // a BMC that accepts the connection and never answers the ClientHello (busy, or a wedged web server)
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RedfishSettings quick = EngineFixture.settings().withConnectTimeout(Duration.ofMillis(300))
                    .withRetries(2, Duration.ofMillis(10));
            try (RedfishEngine engine = new RedfishEngine(f.vertx, quick, new BmcTrust())) {
                BmcTarget target = new BmcTarget("server-silent", "https://127.0.0.1:" + silent.getLocalPort(), "admin", "pw");
                RedfishException e = assertThrows(RedfishException.class,
                        () -> engine.powerState(target).await().atMost(EngineFixture.AWAIT));
                assertEquals(Kind.TIMEOUT, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains("handshake"), e.getMessage());
                assertEquals(2, engine.connector().retries(), "both retries were spent on it");
                assertEquals(3, held.size(), "each attempt was a new connection");
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void shouldFailDefinitelyWhenTheBmcNeverAnswersAndThenOpenItsCircuit() {
        f.engine.powerState(f.target(2)).await().atMost(EngineFixture.AWAIT);
        fault(2, FaultSpec.builder().timeoutRate(1).build());
        long start = System.nanoTime();
        RedfishException e = assertThrows(RedfishException.class,
                () -> f.engine.powerState(f.target(2)).await().atMost(EngineFixture.AWAIT));
        assertTrue(e.kind() == Kind.TIMEOUT || e.kind() == Kind.CIRCUIT_OPEN, e.getMessage());
        assertTrue(e.getMessage().contains("timed out"), "the reason names the timeout: " + e.getMessage());
        // 6 attempts of 1 s each plus backoff: well under the test's wait
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15);
        assertTrue(f.engine.connector().gate(f.target(2)).open(), "six failed attempts opened the circuit");
        long quick = System.nanoTime();
        RedfishException open = assertThrows(RedfishException.class,
                () -> f.engine.powerState(f.target(2)).await().atMost(EngineFixture.AWAIT));
        assertEquals(Kind.CIRCUIT_OPEN, open.kind());
        assertTrue(Duration.ofNanos(System.nanoTime() - quick).toMillis() < 500, "an open circuit costs nothing");
        // the rest of the fleet is untouched
        assertEquals("Off", f.engine.powerState(f.target(3)).await().atMost(EngineFixture.AWAIT));
        fault(2, FaultSpec.NONE);
    }

    @Test
    void shouldFailAPowerActionThatNeverCompletesAtItsDeadline() {
        fault(4, FaultSpec.builder().stuckPower(true).build());
        RedfishException e = assertThrows(RedfishException.class,
                () -> f.engine.power(f.target(4), PowerAction.On, null).await().atMost(EngineFixture.AWAIT));
        assertEquals(Kind.DEADLINE, e.kind());
        assertTrue(e.getMessage().contains("PoweringOn"), e.getMessage());
        fault(4, FaultSpec.NONE);
    }

    @Test
    void shouldFallBackToBasicAuthWhenSessionsCannotBeCreated() {
        fault(5, FaultSpec.builder().sessionExhaustion(true).build());
        assertEquals("On", f.engine.power(f.target(5), PowerAction.On, null).await().atMost(EngineFixture.AWAIT));
        SimulatedBmc bmc = f.fleet.bmc(5);
        assertEquals(0, bmc.sessionsOpen());
        assertTrue(bmc.sessionsRejected() >= 1);
        fault(5, FaultSpec.NONE);
    }

    @Test
    void shouldReportWrongCredentialsAsAnAuthFailure() {
        var bad = new io.metalfleet.provisioning.redfish.connector.BmcTarget("server-bad", f.fleet.bmc(6).url(), "admin", "wrong");
        RedfishException e = assertThrows(RedfishException.class,
                () -> f.engine.powerState(bad).await().atMost(EngineFixture.AWAIT));
        assertEquals(Kind.AUTH, e.kind());
    }
}
