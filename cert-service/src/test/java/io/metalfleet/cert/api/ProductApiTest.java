package io.metalfleet.cert.api;

import static io.metalfleet.cert.Fixtures.asAdmin;
import static io.metalfleet.cert.Fixtures.createProduct;
import static io.metalfleet.cert.Fixtures.newProject;
import static io.metalfleet.cert.Fixtures.product;
import static io.metalfleet.cert.Fixtures.products;
import static io.metalfleet.cert.Fixtures.withXAuthToken;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;

import io.metalfleet.cert.OpenSsl;
import io.metalfleet.cert.pki.TestPki;
import io.metalfleet.local.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Seed 001's product API: creation with every field, the package, reads that never show secrets, deletion. */
@QuarkusTest
class ProductApiTest {

    /** Seed 001's example request, verbatim. */
    static final String SEED_EXAMPLE = """
            {
              "product" : {
                "name" : "test",
                "description" : "",
                "attributes" : { },
                "tags" : [ ]
              }
            }""";

    @Test
    void shouldAnswerTheSeedExampleWith201AndEveryFieldWhoseCertificateOpensslVerifies() throws Exception {
        String project = newProject();
        JsonPath body = withXAuthToken(TestTokens.operator(project)).body(SEED_EXAMPLE).post(products(project))
                .then().statusCode(201).extract().jsonPath();
        Map<String, Object> product = body.getMap("product");
        assertEquals(Set.of("id", "name", "description", "attributes", "project_id", "created_at", "tags", "private_key",
                "certificate", "ca", "package", "identifier"), product.keySet());
        assertEquals("test", product.get("name"));
        assertEquals("", product.get("description"));
        assertEquals(Map.of(), product.get("attributes"));
        assertEquals(List.of(), product.get("tags"));
        assertEquals(project, product.get("project_id"));
        long createdAt = ((Number) product.get("created_at")).longValue();
        assertTrue(Math.abs(createdAt - System.currentTimeMillis() / 1000) < 120, "created_at is epoch seconds");
        java.util.UUID.fromString((String) product.get("id"));
        String identifier = (String) product.get("identifier");
        assertTrue(identifier.startsWith(product.get("id") + "."), "identifier names its product");

        String certificate = (String) product.get("certificate");
        String key = (String) product.get("private_key");
        String ca = (String) product.get("ca");
        assertTrue(key.startsWith("-----BEGIN PRIVATE KEY-----"));

        // The package: base64 of a tar.gz with the three PEM files, identical to the fields.
        Map<String, String> files = untar(Base64.getDecoder().decode((String) product.get("package")));
        assertEquals(Set.of("test/product.crt", "test/product.key", "test/ca.crt"), files.keySet());
        assertEquals(certificate, files.get("test/product.crt"));
        assertEquals(key, files.get("test/product.key"));
        assertEquals(ca, files.get("test/ca.crt"));

        // The files parse, the key belongs to the certificate, and openssl verifies the chain.
        X509Certificate parsed = TestPki.certificates(certificate).get(0);
        X509Certificate root = TestPki.certificates(ca).get(0);
        parsed.verify(root.getPublicKey());
        assertEquals(-1, parsed.getBasicConstraints());
        assertTrue(root.getBasicConstraints() >= 0, "the CA certificate is a CA");
        var privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(key.replaceAll("-----[A-Z ]+-----", ""))));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(privateKey);
        signature.update(new byte[] { 1, 2, 3 });
        byte[] signed = signature.sign();
        signature.initVerify(parsed.getPublicKey());
        signature.update(new byte[] { 1, 2, 3 });
        assertTrue(signature.verify(signed), "the private key is the certificate's");

        Path dir = Files.createTempDirectory("product");
        Path caFile = OpenSsl.write(dir, "ca.crt", files.get("test/ca.crt"));
        Path certFile = OpenSsl.write(dir, "product.crt", files.get("test/product.crt"));
        OpenSsl.Result verify = OpenSsl.run("verify", "-CAfile", caFile.toString(), certFile.toString());
        assertEquals(0, verify.exit(), verify.output());
        assertTrue(verify.output().contains(certFile + ": OK"), verify.output());
        OpenSsl.Result keyCheck = OpenSsl.run("pkey", "-in", OpenSsl.write(dir, "product.key", key).toString(), "-noout");
        assertEquals(0, keyCheck.exit(), keyCheck.output());
    }

    @Test
    void shouldKeepAttributesAndTagsAsGiven() {
        String project = newProject();
        Map<String, Object> request = Map.of("product", Map.of("name", "edge-batch-01", "description", "rack 12 edge boxes",
                "attributes", Map.of("model", Map.of("value", "r760", "metadata", Map.of("type", "string"))),
                "tags", List.of(Map.of("key", "site_a", "value", "dfw-1"))));
        JsonPath created = asAdmin().header("ief-instance-id", "instance-7").body(request).post(products(project))
                .then().statusCode(201).extract().jsonPath();
        assertEquals("r760", created.getString("product.attributes.model.value"));
        assertEquals("string", created.getString("product.attributes.model.metadata.type"));
        assertEquals("site_a", created.getString("product.tags[0].key"));
        assertEquals("dfw-1", created.getString("product.tags[0].value"));

        String id = created.getString("product.id");
        asAdmin().get(products(project) + "/" + id).then().statusCode(200)
                .body("product.attributes.model.value", equalTo("r760"))
                .body("product.tags[0].value", equalTo("dfw-1"))
                .body("product.description", equalTo("rack 12 edge boxes"));
    }

    @Test
    void shouldNeverShowThePrivateKeyPackageOrIdentifierAgain() {
        String project = newProject();
        JsonPath created = createProduct(project, "once").jsonPath();
        String id = created.getString("product.id");
        String key = created.getString("product.private_key");
        String keyBody = key.split("\n")[1];

        String one = asAdmin().get(products(project) + "/" + id).then().statusCode(200)
                .body("product", not(hasKey("private_key"))).body("product", not(hasKey("package")))
                .body("product", not(hasKey("identifier")))
                .body("product.certificate", equalTo(created.getString("product.certificate")))
                .body("product.ca", containsString("BEGIN CERTIFICATE"))
                .extract().asString();
        assertFalse(one.contains(keyBody) || one.contains("PRIVATE KEY"));

        String list = asAdmin().get(products(project)).then().statusCode(200)
                .body("count", equalTo(1)).body("products[0].id", equalTo(id))
                .body("products[0]", not(hasKey("private_key"))).extract().asString();
        assertFalse(list.contains(keyBody) || list.contains("PRIVATE KEY"));
    }

    @Test
    void shouldListInCreationOrderWithOffsetLimitAndName() {
        String project = newProject();
        createProduct(project, "p-one");
        createProduct(project, "p-two");
        createProduct(project, "p-three");
        asAdmin().queryParam("limit", 2).get(products(project)).then().statusCode(200)
                .body("count", equalTo(3)).body("products.name", equalTo(List.of("p-one", "p-two")));
        asAdmin().queryParam("offset", 2).get(products(project)).then().statusCode(200)
                .body("products.name", equalTo(List.of("p-three")));
        asAdmin().queryParam("name", "p-two").get(products(project)).then().statusCode(200)
                .body("count", equalTo(1)).body("products[0].name", equalTo("p-two"));
        asAdmin().queryParam("limit", "lots").get(products(project)).then().statusCode(400)
                .body("error_code", equalTo("IEF.100001")).body("error_msg", containsString("limit"));
    }

    @Test
    void shouldRefuseASecondProductOfTheSameNameWith409() {
        String project = newProject();
        createProduct(project, "twice");
        asAdmin().body(product("twice")).post(products(project)).then().statusCode(409)
                .body("error_code", equalTo("IEF.100409"));
    }

    @Test
    void shouldDeleteAndRevokeTheProductCertificate() {
        String project = newProject();
        JsonPath created = createProduct(project, "gone").jsonPath();
        String id = created.getString("product.id");
        String serial = TestPkiSerial.of(created.getString("product.certificate"));
        asAdmin().delete(products(project) + "/" + id).then().statusCode(204);
        asAdmin().get(products(project) + "/" + id).then().statusCode(404).body("error_code", equalTo("IEF.100404"));
        asAdmin().get("/v2/" + project + "/ca/certificates/" + serial).then().statusCode(200)
                .body("status", equalTo("revoked")).body("revocation_reason", equalTo("cessationOfOperation"));
        asAdmin().delete(products(project) + "/" + id).then().statusCode(404);
    }

    @Test
    void shouldAcceptBearerAndXAuthTokenAndAnswer401403404AsTheSuiteDoes() {
        String project = newProject();
        given().contentType("application/json").body(product("x")).post(products(project)).then().statusCode(401)
                .body("error_code", equalTo("IEF.100401"));
        withXAuthToken("not-a-jwt").body(product("x")).post(products(project)).then().statusCode(401);
        withXAuthToken(TestTokens.expired()).body(product("x")).post(products(project)).then().statusCode(401);
        withXAuthToken(TestTokens.forOtherAudience()).body(product("x")).post(products(project)).then().statusCode(401);
        withXAuthToken(TestTokens.viewer(project)).body(product("x")).post(products(project)).then().statusCode(403)
                .body("error_code", equalTo("IEF.100403"));
        withXAuthToken(TestTokens.operator("another-project")).body(product("x")).post(products(project)).then().statusCode(404)
                .body("error_code", equalTo("IEF.100404"));
        withXAuthToken(TestTokens.viewer(project)).get(products(project)).then().statusCode(200).body("count", equalTo(0));
        given().header("Authorization", "Bearer " + TestTokens.operator(project)).contentType("application/json")
                .body(product("x")).post(products(project)).then().statusCode(201);
    }

    static Map<String, String> untar(byte[] targz) throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(targz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                files.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.US_ASCII));
            }
        }
        return files;
    }

    /** The hex serial of a PEM certificate, as the API names certificates. */
    static final class TestPkiSerial {
        static String of(String pem) {
            try {
                return TestPki.certificates(pem).get(0).getSerialNumber().toString(16);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
