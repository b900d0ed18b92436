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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.metalfleet.cert.OpenSsl;
import io.metalfleet.cert.pki.TestPki;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** A node with its product's identifier gets its CSR signed, within policy; every bad CSR is a 400 with the reason. */
@QuarkusTest
class NodeCertificateTest {

    record Registration(String project, String identifier) {
    }

    static Registration register() {
        String project = newProject();
        return new Registration(project, createProduct(project, "edge").jsonPath().getString("product.identifier"));
    }

    static io.restassured.response.ValidatableResponse sign(Registration r, String csr, Integer days) {
        Map<String, Object> body = new HashMap<>();
        body.put("identifier", r.identifier());
        body.put("csr", csr);
        if (days != null) {
            body.put("validity_days", days);
        }
        return given().contentType(ContentType.JSON).body(body).post(nodeCertificates(r.project())).then();
    }

    @Test
    void shouldSignACsrWithAllowedSansForThirtyDaysUnderTheProjectCa() throws Exception {
        Registration r = register();
        KeyPair keys = TestPki.ec("secp256r1");
        JsonPath answer = sign(r, TestPki.csr(keys, "edge-01", "DNS:edge-01", "DNS:edge-01.metalfleet.local", "IP:10.1.2.3",
                "IP:fd00::7"), null).statusCode(201)
                .body("subject", equalTo("CN=edge-01"))
                .body("status", equalTo("valid"))
                .body("sans", equalTo(List.of("DNS:edge-01", "DNS:edge-01.metalfleet.local", "IP:10.1.2.3", "IP:fd00:0:0:0:0:0:0:7")))
                .extract().jsonPath();
        X509Certificate certificate = TestPki.certificates(answer.getString("certificate")).get(0);
        assertEquals(keys.getPublic(), certificate.getPublicKey());
        long days = Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()).toDays();
        assertTrue(days == 30, "default lifetime 30 days, got " + days);
        assertTrue(certificate.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");

        String caPem = asAdmin().accept("application/x-pem-file").get(ca(r.project())).then().statusCode(200)
                .contentType(containsString("application/x-pem-file")).extract().asString();
        assertEquals(caPem, answer.getString("ca"));
        Path dir = Files.createTempDirectory("node");
        OpenSsl.Result verify = OpenSsl.run("verify", "-CAfile", OpenSsl.write(dir, "ca.pem", caPem).toString(),
                "-purpose", "sslclient", OpenSsl.write(dir, "node.pem", answer.getString("certificate")).toString());
        assertEquals(0, verify.exit(), verify.output());
        assertTrue(verify.output().contains(": OK"), verify.output());
    }

    @Test
    void shouldHonourAShorterLifetimeAndRefuseOneAboveTheBound() throws Exception {
        Registration r = register();
        String csr = TestPki.csr(TestPki.ec("secp256r1"), "edge-02");
        JsonPath answer = sign(r, csr, 7).statusCode(201).extract().jsonPath();
        // not_before is back-dated one minute for clock skew.
        assertEquals(60 + 7 * 86400L, answer.getLong("not_after") - answer.getLong("not_before"));
        sign(r, csr, 365).statusCode(400).body("error_msg", containsString("validity_days"));
    }

    @Test
    void shouldRefuseEachBadCsrWith400AndTheReason() throws Exception {
        Registration r = register();
        KeyPair good = TestPki.ec("secp256r1");
        byte[] der = TestPki.csrObject(good, "edge-03").getEncoded();
        der[der.length - 3] ^= 0x55;
        Map<String, String> cases = Map.of(
                "not a csr at all", "not a PEM",
                TestPki.pem("CERTIFICATE REQUEST", new byte[] { 1, 2, 3 }), "PKCS#10",
                TestPki.pem("CERTIFICATE REQUEST", der), "signature",
                TestPki.csr(TestPki.rsa(1024), "edge-03"), "weak key",
                TestPki.csr(TestPki.ec("secp192r1"), "edge-03"), "weak",
                TestPki.csr(good, "edge-03", "DNS:someone-else"), "disallowed SAN DNS:someone-else",
                TestPki.csr(good, "edge-03", "DNS:*.metalfleet.local"), "disallowed SAN",
                TestPki.csr(good, "edge-03", "IP:8.8.8.8"), "disallowed SAN IP:8.8.8.8",
                TestPki.csr(good, "edge-03", "EMAIL:root@example.com"), "disallowed SAN type",
                TestPki.csr(good, "Not_A_Node"), "not a node name");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            sign(r, bad.getKey(), null).statusCode(400).body("error_code", equalTo("IEF.100001"))
                    .body("error_msg", containsString("csr")).body("error_msg", containsString(bad.getValue()));
        }
        asAdmin().get("/v2/" + r.project() + "/productmgr/products").then().statusCode(200).body("count", equalTo(1));
    }

    @Test
    void shouldRefuseAWrongOrForeignIdentifierWith401() throws Exception {
        Registration r = register();
        Registration other = register();
        String csr = TestPki.csr(TestPki.ec("secp256r1"), "edge-04");
        String id = r.identifier().substring(0, 36);
        for (String identifier : List.of(id + ".wrong-secret", "garbage", other.identifier())) {
            sign(new Registration(r.project(), identifier), csr, null).statusCode(401).body("error_code", equalTo("IEF.100401"));
        }
        given().contentType(ContentType.JSON).body(Map.of("csr", csr)).post(nodeCertificates(r.project())).then()
                .statusCode(400).body("error_msg", containsString("identifier"));
    }

    @Test
    void shouldSignABatchItemByItemAndNameEachRefusedIndex() throws Exception {
        Registration r = register();
        KeyPair first = TestPki.ec("secp256r1");
        KeyPair third = TestPki.ec("secp256r1");
        List<String> csrs = List.of(TestPki.csr(first, "batch-0"), TestPki.csr(TestPki.rsa(1024), "batch-1"),
                TestPki.csr(third, "batch-2", "DNS:batch-2.metalfleet.local"));
        JsonPath answer = given().contentType(ContentType.JSON).body(Map.of("identifier", r.identifier(), "csrs", csrs))
                .post(nodeCertificates(r.project()) + "/batch").then().statusCode(201)
                .body("succeeded.index", equalTo(List.of(0, 2)))
                .body("succeeded[1].certificate.subject", equalTo("CN=batch-2"))
                .body("failed.index", equalTo(List.of(1)))
                .body("failed[0].error_code", equalTo("IEF.100001"))
                .body("failed[0].error_msg", containsString("csrs[1]"))
                .body("failed[0].error_msg", containsString("weak key"))
                .extract().jsonPath();
        X509Certificate ca = TestPki.certificates(answer.getString("ca")).get(0);
        X509Certificate zero = TestPki.certificates(answer.getString("succeeded[0].certificate.certificate")).get(0);
        zero.verify(ca.getPublicKey());
        assertEquals(first.getPublic(), zero.getPublicKey());
        assertEquals(third.getPublic(), TestPki.certificates(answer.getString("succeeded[1].certificate.certificate")).get(0).getPublicKey());
        asAdmin().get(ca(r.project()) + "/certificates/" + answer.getString("succeeded[1].certificate.serial")).then()
                .statusCode(200).body("status", equalTo("valid")).body("sans", equalTo(List.of("DNS:batch-2.metalfleet.local")));

        given().contentType(ContentType.JSON).body(Map.of("identifier", r.identifier(), "csrs", java.util.Collections.nCopies(201, "x")))
                .post(nodeCertificates(r.project()) + "/batch").then().statusCode(400).body("error_msg", containsString("csrs"));
        given().contentType(ContentType.JSON).body(Map.of("identifier", "nope", "csrs", csrs))
                .post(nodeCertificates(r.project()) + "/batch").then().statusCode(401);
    }

    @Test
    void shouldRenewWithTheSameKeyAndRekeyOnlyWithProof() throws Exception {
        Registration r = register();
        KeyPair keys = TestPki.ec("secp256r1");
        String first = sign(r, TestPki.csr(keys, "edge-05", "DNS:edge-05"), null).statusCode(201).extract().path("certificate");
        String renew = nodeCertificates(r.project()) + "/renew";

        String second = given().contentType(ContentType.JSON)
                .body(Map.of("certificate", first, "csr", TestPki.csr(keys, "edge-05", "DNS:edge-05")))
                .post(renew).then().statusCode(201).body("subject", equalTo("CN=edge-05")).extract().path("certificate");
        assertTrue(!second.equals(first));

        KeyPair next = TestPki.ec("secp256r1");
        String rekeyCsr = TestPki.csr(next, "edge-05");
        given().contentType(ContentType.JSON).body(Map.of("certificate", second, "csr", rekeyCsr)).post(renew).then()
                .statusCode(400).body("error_msg", containsString("proof"));
        given().contentType(ContentType.JSON).body(Map.of("certificate", second, "csr", TestPki.csr(keys, "edge-05", "DNS:edge-05.metalfleet.local")))
                .post(renew).then().statusCode(400).body("error_msg", containsString("may not add"));

        Signature proof = Signature.getInstance("SHA256withECDSA");
        proof.initSign(keys.getPrivate());
        proof.update(Base64.getMimeDecoder().decode(rekeyCsr.replaceAll("-----[A-Z ]+-----", "")));
        String proofB64 = Base64.getEncoder().encodeToString(proof.sign());
        String third = given().contentType(ContentType.JSON).body(Map.of("certificate", second, "csr", rekeyCsr, "proof", proofB64))
                .post(renew).then().statusCode(201).extract().path("certificate");
        assertEquals(next.getPublic(), TestPki.certificates(third).get(0).getPublicKey());

        String serial = TestPki.certificates(second).get(0).getSerialNumber().toString(16);
        asAdmin().body(Map.of("reason", "superseded")).post(ca(r.project()) + "/certificates/" + serial + "/revoke").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("certificate", second, "csr", TestPki.csr(keys, "edge-05")))
                .post(renew).then().statusCode(401).body("error_msg", containsString("revoked"));
        given().contentType(ContentType.JSON).body(Map.of("certificate", "nope", "csr", TestPki.csr(keys, "edge-05")))
                .post(renew).then().statusCode(400).body("error_msg", containsString("certificate"));
    }
}
