package io.metalfleet.provisioning.redfish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.simulator.fault.FaultSpec;

/** HTTPS BMCs: trust on first use pins the certificate; a changed certificate is refused; a CA bundle works. */
class TlsPinningTest {

    static EngineFixture f;
    static final Map<String, String> pinned = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        f = new EngineFixture(EngineFixture.fleet(3).profiles("dmtf").https(true), EngineFixture.settings());
        f.trust.onFirstUse(pinned::put);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void shouldPinOnFirstUseAndRefuseAChangedCertificate() {
        assertNotNull(f.engine.inspect(f.target(0)).await().atMost(EngineFixture.AWAIT).serialNumber());
        String pin = pinned.get(f.target(0).hostPort());
        assertNotNull(pin, "the fingerprint was reported for recording");
        assertEquals(64, pin.length());

        f.engine.connector().sessions().evict(f.target(0)).await().atMost(EngineFixture.AWAIT);
        f.fleet.bmc(0).faults(FaultSpec.builder().tlsFailure(true).build());
        // a fresh engine with the recorded pin (as after a restart) meets the new certificate
        try (RedfishEngine restarted = new RedfishEngine(f.vertx, EngineFixture.settings(), new io.metalfleet.provisioning.redfish.tls.BmcTrust())) {
            restarted.connector().trust().pin(f.target(0).hostPort(), pin);
            RedfishException e = assertThrows(RedfishException.class,
                    () -> restarted.powerState(f.target(0)).await().atMost(EngineFixture.AWAIT));
            assertEquals(RedfishException.Kind.TLS, e.kind(), e.getMessage());
            assertEquals(0, f.fleet.bmc(0).sessionsOpen(), "no credentials went to the changed certificate");
        }
        f.fleet.bmc(0).faults(FaultSpec.NONE);
    }

    @Test
    void shouldTrustABmcByItsCaBundle() {
        String ca = f.fleet.caCertificatePem();
        f.trust.trustCa(f.target(1).hostPort(), ca);
        assertEquals("Off", f.engine.powerState(f.target(1)).await().atMost(EngineFixture.AWAIT));
        assertTrue(!pinned.containsKey(f.target(1).hostPort()), "a CA-trusted BMC is not pinned");
    }
}
