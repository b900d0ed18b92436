package io.metalfleet.provisioning.nodepools;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.UUID;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.metalfleet.local.testing.EventProbe;

/**
 * Plays cert-service's side of the wire contract in these tests (cert-service does not run here): reads the CSR of a
 * node.joining, signs it with a test CA and publishes certificate.issued on the real broker as cert-service does.
 */
final class CertServiceStandIn {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair CA;

    static {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            CA = generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private CertServiceStandIn() {
    }

    static PKCS10CertificationRequest parse(String csrPem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            return (PKCS10CertificationRequest) parser.readObject();
        }
    }

    /** Publishes certificate.issued answering {@code joining} (its data) under event id {@code eventId}; returns the serial. */
    static String issue(String bootstrap, String joining, String eventId) throws Exception {
        ObjectMapper json = JSON;
        var request = json.readTree(joining);
        PKCS10CertificationRequest csr = parse(request.path("csr").asText());
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(127, new SecureRandom());
        X509CertificateHolder certificate = new X509v3CertificateBuilder(new X500Name("CN=test cluster CA"), serial,
                Date.from(now), Date.from(now.plus(Duration.ofDays(30))), csr.getSubject(), csr.getSubjectPublicKeyInfo())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(CA.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(certificate);
        }
        String serialHex = HexFormat.of().formatHex(serial.toByteArray());
        ObjectNode data = json.createObjectNode();
        data.put("serial", serialHex).put("kind", "node").put("subject", "CN=" + request.path("nodeName").asText())
                .put("projectId", request.path("projectId").asText()).put("clusterId", request.path("clusterId").asText())
                .putNull("productId").put("nodeName", request.path("nodeName").asText()).put("caId", UUID.randomUUID().toString())
                .put("notBefore", now.toString()).put("notAfter", now.plus(Duration.ofDays(30)).toString());
        data.putArray("sans").add("DNS:" + request.path("nodeName").asText());
        data.put("caGeneration", 1).putNull("renewedFrom").put("jobId", request.path("jobId").asText())
                .put("serverId", request.path("serverId").asText()).put("certificate", pem.toString());
        EventProbe.publish(bootstrap, "cert.certificates", eventId, "certificate.issued", serialHex, json.writeValueAsString(data),
                NodePoolFixtures.CERT_SOURCE);
        return serialHex;
    }
}
