package io.metalfleet.cert.api;

import static io.metalfleet.cert.Fixtures.asAdmin;
import static io.metalfleet.cert.Fixtures.ca;
import static io.metalfleet.cert.Fixtures.createProduct;
import static io.metalfleet.cert.Fixtures.newProject;
import static io.metalfleet.cert.Fixtures.nodeCertificates;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.metalfleet.cert.OpenSsl;
import io.metalfleet.cert.domain.ExpirySweep;
import io.metalfleet.cert.pki.TestPki;
import io.metalfleet.local.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;

/** Revocation shows in the signed CRL as openssl reads it; rotation keeps the old CA trusted while it matters. */
@QuarkusTest
class CrlAndRotationTest {

    @Inject
    ExpirySweep sweep;

    @Test
    void shouldListARevokedSerialWithItsReasonInASignedCrlThatOpensslReads() throws Exception {
        String project = newProject();
        String identifier = createProduct(project, "crl").jsonPath().getString("product.identifier");
        String certificate = given().contentType(ContentType.JSON)
                .body(Map.of("identifier", identifier, "csr", TestPki.csr(TestPki.ec("secp256r1"), "edge-crl")))
                .post(nodeCertificates(project)).then().statusCode(201).extract().path("certificate");
        String serial = TestPki.certificates(certificate).get(0).getSerialNumber().toString(16);

        asAdmin().body(Map.of("reason", "keyCompromise")).post(ca(project) + "/certificates/" + serial + "/revoke").then()
                .statusCode(200).body("status", equalTo("revoked")).body("revocation_reason", equalTo("keyCompromise"));
        asAdmin().body(Map.of("reason", "lostIt")).post(ca(project) + "/certificates/" + serial + "/revoke").then()
                .statusCode(400).body("error_msg", containsString("reason"));
        asAdmin().body(Map.of()).post(ca(project) + "/certificates/0abc/revoke").then().statusCode(404);
        given().header("X-Auth-Token", TestTokens.viewer(project)).contentType(ContentType.JSON).body(Map.of())
                .post(ca(project) + "/certificates/" + serial + "/revoke").then().statusCode(403);

        Path dir = Files.createTempDirectory("crl");
        String caPem = asAdmin().get(ca(project)).then().statusCode(200).extract().asString();
        Path caFile = OpenSsl.write(dir, "ca.pem", caPem);
        String pem = asAdmin().get(ca(project) + "/crl").then().statusCode(200)
                .contentType(containsString("application/x-pem-file")).extract().asString();
        Path crlFile = OpenSsl.write(dir, "crl.pem", pem);
        OpenSsl.Result text = OpenSsl.run("crl", "-in", crlFile.toString(), "-noout", "-text", "-CAfile", caFile.toString());
        assertEquals(0, text.exit(), text.output());
        assertTrue(text.output().contains("verify OK"), text.output());
        assertTrue(text.output().toUpperCase().contains("SERIAL NUMBER: " + serial.toUpperCase()), text.output());
        assertTrue(text.output().contains("Key Compromise"), text.output());
        assertTrue(text.output().contains("Next Update:"), text.output());
        assertTrue(text.output().contains("X509v3 CRL Number"), text.output());

        byte[] der = asAdmin().queryParam("format", "der").get(ca(project) + "/crl").then().statusCode(200)
                .contentType(containsString("application/pkix-crl")).extract().asByteArray();
        OpenSsl.Result fromDer = OpenSsl.run("crl", "-inform", "DER", "-in", OpenSsl.write(dir, "crl.der", der).toString(),
                "-noout", "-text");
        assertEquals(0, fromDer.exit(), fromDer.output());
        assertTrue(fromDer.output().toUpperCase().contains(serial.toUpperCase()), fromDer.output());

        // The revoked node certificate no longer verifies with CRL checking on.
        OpenSsl.Result verify = OpenSsl.run("verify", "-crl_check", "-CAfile", caFile.toString(), "-CRLfile", crlFile.toString(),
                OpenSsl.write(dir, "node.pem", certificate).toString());
        assertNotEquals(0, verify.exit(), verify.output());
        assertTrue(verify.output().contains("revoked"), verify.output());
        asAdmin().queryParam("format", "xml").get(ca(project) + "/crl").then().statusCode(400);
    }

    @Test
    void shouldSignWithTheNewCaAfterRotationAndKeepTheOldOneInTheBundleUntilItsCertificatesExpire() throws Throwable {
        String project = newProject();
        String oldProduct = createProduct(project, "before").jsonPath().getString("product.certificate");
        X509Certificate oldCa = TestPki.certificates(asAdmin().get(ca(project)).then().extract().asString()).get(0);

        given().header("X-Auth-Token", TestTokens.operator(project)).contentType(ContentType.JSON).body(Map.of())
                .post(ca(project) + "/rotate").then().statusCode(403);
        String bundle = asAdmin().body(Map.of()).post(ca(project) + "/rotate").then().statusCode(201).extract().asString();
        var cas = TestPki.certificates(bundle);
        assertEquals(2, cas.size(), "new and old generation both trusted");
        assertTrue(cas.get(0).getSubjectX500Principal().getName().contains("G2"));
        assertEquals(oldCa, cas.get(1));

        String newProduct = createProduct(project, "after").jsonPath().getString("product.certificate");
        TestPki.certificates(newProduct).get(0).verify(cas.get(0).getPublicKey());
        TestPki.certificates(oldProduct).get(0).verify(cas.get(1).getPublicKey());

        VertxContextSupport.subscribeAndAwait(() -> sweep.sweep(Instant.now()));
        assertEquals(2, TestPki.certificates(asAdmin().get(ca(project)).then().extract().asString()).size(),
                "the old CA stays while its product certificate is live");
        // A year and a day later every product certificate of the old CA has expired: it leaves the bundle.
        VertxContextSupport.subscribeAndAwait(() -> sweep.sweep(Instant.now().plusSeconds(366L * 86400)));
        var after = TestPki.certificates(asAdmin().get(ca(project)).then().extract().asString());
        assertEquals(1, after.size());
        assertEquals(cas.get(0), after.get(0));
    }

    @Test
    void shouldRotateAClusterCaAndServeItsCrl() throws Exception {
        String project = newProject();
        String cluster = "rot-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var first = TestPki.certificates(asAdmin().get(ca(project) + "/clusters/" + cluster).then().statusCode(200).extract().asString());
        assertEquals(1, first.size());
        var rotated = TestPki.certificates(asAdmin().body(Map.of()).post(ca(project) + "/clusters/" + cluster + "/rotate")
                .then().statusCode(201).extract().asString());
        assertEquals(2, rotated.size());
        assertEquals(first.get(0), rotated.get(1));
        asAdmin().get(ca(project) + "/clusters/" + cluster + "/crl").then().statusCode(200)
                .body(containsString("BEGIN X509 CRL"));
        asAdmin().get(ca(project) + "/clusters/bad%20id").then().statusCode(400).body("error_msg", containsString("cluster_id"));
    }

    @Test
    void shouldRotateFromAGivenTimeAndKeepSigningWithTheOldCaUntilThen() throws Exception {
        String project = newProject();
        createProduct(project, "first");
        long future = Instant.now().plusSeconds(3600).getEpochSecond();
        var bundle = TestPki.certificates(asAdmin().body(Map.of("signs_from", future)).post(ca(project) + "/rotate")
                .then().statusCode(201).extract().asString());
        assertEquals(2, bundle.size());
        String certificate = createProduct(project, "second").jsonPath().getString("product.certificate");
        TestPki.certificates(certificate).get(0).verify(bundle.get(1).getPublicKey());
    }
}
