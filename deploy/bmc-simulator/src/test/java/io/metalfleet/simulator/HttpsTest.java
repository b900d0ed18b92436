package io.metalfleet.simulator;

import io.metalfleet.simulator.fault.FaultSpec;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS with the fleet CA (ECDSA), the TLS-failure fault, and self-signed certificates per BMC. */
class HttpsTest {

    static SSLContext trusting(String pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            ks.setCertificateEntry("c" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void bmcsShouldServeHttpsWithAnEcdsaCertificateFromTheFleetCa(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        try (BmcFleet fleet = BmcFleet.start(FleetConfig.builder().bmcs(3).basePort(0).https(true)
                .latency(Duration.ZERO).build())) {
            SimulatedBmc b = fleet.bmc(1);
            assertTrue(b.url().startsWith("https://127.0.0.1:"));
            Path ca = dir.resolve("ca.pem");
            fleet.writeCaCertificate(ca);
            String pem = Files.readString(ca);
            assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"));
            HttpClient client = Redfish.tlsClient(trusting(pem));
            Redfish rf = new Redfish(b, client);
            assertEquals(200, rf.get(b.systemPath()).status());
            HttpResponse<String> raw = client.send(HttpRequest.newBuilder(URI.create(b.url() + "/redfish/v1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            X509Certificate leaf = (X509Certificate) raw.sslSession().orElseThrow().getPeerCertificates()[0];
            assertEquals("EC", leaf.getPublicKey().getAlgorithm());
            assertTrue(leaf.getIssuerX500Principal().getName().contains("Fleet CA"));

            // TLS failure: the BMC now presents an expired certificate; a verifying client must refuse it
            b.faults(FaultSpec.builder().tlsFailure(true).build());
            HttpClient fresh = Redfish.tlsClient(trusting(pem));
            RuntimeException e = assertThrows(RuntimeException.class, () -> new Redfish(b, fresh).get(b.systemPath()));
            assertInstanceOf(SSLHandshakeException.class, e.getCause(), e.toString());
            b.clearFaults();
            assertEquals(200, new Redfish(b, Redfish.tlsClient(trusting(pem))).get(b.systemPath()).status());
        }
    }

    @Test
    void selfSignedPerBmcShouldGiveEachBmcItsOwnCertificate() throws Exception {
        try (BmcFleet fleet = BmcFleet.start(FleetConfig.builder().bmcs(2).basePort(0).https(true)
                .selfSignedPerBmc(true).latency(Duration.ZERO).build())) {
            assertNull(fleet.caCertificatePem());
            X509Certificate a = peer(fleet.bmc(0));
            X509Certificate b = peer(fleet.bmc(1));
            assertEquals(a.getSubjectX500Principal(), a.getIssuerX500Principal(), "self-signed");
            assertNotEquals(a.getPublicKey(), b.getPublicKey());
            assertTrue(a.getSubjectX500Principal().getName().contains(fleet.bmc(0).serialNumber()));
        }
    }

    /** Reads the certificate a BMC presents, trusting it for this one connection only. */
    private static X509Certificate peer(SimulatedBmc bmc) throws Exception {
        X509Certificate[] got = new X509Certificate[1];
        javax.net.ssl.X509TrustManager capture = new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) { }
            public void checkServerTrusted(X509Certificate[] c, String a) { got[0] = c[0]; }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {capture}, null);
        try (var socket = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket(bmc.host(), bmc.port())) {
            socket.startHandshake();
        }
        return got[0];
    }
}
