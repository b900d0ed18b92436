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
import io.metalfleet.provisioning.redfish.connector.RedfishSettings;
import io.metalfleet.provisioning.redfish.tls.BmcTrust;
import io.metalfleet.simulator.fault.FaultSpec;
import io.netty.handler.ssl.OpenSsl;

/**
 * HTTPS BMCs: trust on first use pins the certificate; a changed certificate is refused; a CA bundle works; the same
 * trust holds whether BoringSSL (the default) or the JDK runs the TLS.
 */
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
    void shouldRunTheEngineTlsThroughBoringSslByDefault() {
        assertTrue(OpenSsl.isAvailable(), () -> "netty-tcnative does not load: " + OpenSsl.unavailabilityCause());
        assertEquals(RedfishSettings.TlsEngine.OPENSSL, RedfishSettings.defaults().tlsEngine());
    }

    @Test
    void shouldPinOnFirstUseAndRefuseAChangedCertificate() {
        pinThenRefuseAChangedCertificate(f.engine, 0);
    }

    @Test
    void shouldPinAndRefuseAChangedCertificateThroughTheJdkTlsToo() {
        BmcTrust trust = new BmcTrust();
        trust.onFirstUse(pinned::put);
        try (RedfishEngine jdk = new RedfishEngine(f.vertx, EngineFixture.settings().withTlsEngine(RedfishSettings.TlsEngine.JDK), trust)) {
            pinThenRefuseAChangedCertificate(jdk, 2);
        }
    }

    /** The engine pins BMC {@code bmc} on first use; an engine restarted with that pin refuses its next certificate. */
    private static void pinThenRefuseAChangedCertificate(RedfishEngine engine, int bmc) {
        assertNotNull(engine.inspect(f.target(bmc)).await().atMost(EngineFixture.AWAIT).serialNumber());
        String pin = pinned.get(f.target(bmc).hostPort());
        assertNotNull(pin, "the fingerprint was reported for recording");
        assertEquals(64, pin.length());

        engine.connector().sessions().evict(f.target(bmc)).await().atMost(EngineFixture.AWAIT);
        f.fleet.bmc(bmc).faults(FaultSpec.builder().tlsFailure(true).build());
        // a fresh engine with the recorded pin (as after a restart) meets the new certificate
        try (RedfishEngine restarted = new RedfishEngine(f.vertx, engine.connector().settings(), new BmcTrust())) {
            restarted.connector().trust().pin(f.target(bmc).hostPort(), pin);
            RedfishException e = assertThrows(RedfishException.class,
                    () -> restarted.powerState(f.target(bmc)).await().atMost(EngineFixture.AWAIT));
            assertEquals(RedfishException.Kind.TLS, e.kind(), e.getMessage());
            assertEquals(0, f.fleet.bmc(bmc).sessionsOpen(), "no credentials went to the changed certificate");
        }
        f.fleet.bmc(bmc).faults(FaultSpec.NONE);
    }

    @Test
    void shouldTrustABmcByItsCaBundle() {
        String ca = f.fleet.caCertificatePem();
        f.trust.trustCa(f.target(1).hostPort(), ca);
        assertEquals("Off", f.engine.powerState(f.target(1)).await().atMost(EngineFixture.AWAIT));
        assertTrue(!pinned.containsKey(f.target(1).hostPort()), "a CA-trusted BMC is not pinned");
    }
}
