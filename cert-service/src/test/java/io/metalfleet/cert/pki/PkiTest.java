package io.metalfleet.cert.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CA and leaf profiles for both key types, read back by the JDK's own X.509 parser. */
class PkiTest {

    @ParameterizedTest
    @EnumSource(Pki.KeyType.class)
    void shouldMakeACaWithCaExtensionsAndSignALeafThatChainsToIt(Pki.KeyType type) throws Exception {
        KeyPair caKeys = Pki.generate(type);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509CertificateHolder ca = Pki.selfSignedCa(caKeys, new X500Name("O=Metalfleet,CN=test CA G1"), now, now.plus(3650, ChronoUnit.DAYS));
        X509Certificate caCert = TestPki.certificates(Pki.pem(ca)).get(0);
        caCert.verify(caCert.getPublicKey());
        assertEquals(0, caCert.getBasicConstraints(), "a CA, path length 0");
        assertTrue(caCert.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.19", "2.5.29.15")), "basicConstraints and keyUsage critical");
        boolean[] usage = caCert.getKeyUsage();
        assertTrue(usage[5] && usage[6], "keyCertSign and cRLSign");
        assertEquals(type == Pki.KeyType.RSA_3072 ? "RSA" : "EC", caCert.getPublicKey().getAlgorithm());

        KeyPair node = TestPki.ec("secp256r1");
        X509CertificateHolder leaf = Pki.sign(caKeys.getPrivate(), ca.getSubject(), ca.getSubjectPublicKeyInfo(), new X500Name("CN=n1"),
                SubjectPublicKeyInfo.getInstance(node.getPublic().getEncoded()), Pki.Profile.NODE, Pki.newSerial(), now,
                now.plus(30, ChronoUnit.DAYS), null);
        X509Certificate leafCert = TestPki.certificates(Pki.pem(leaf)).get(0);
        leafCert.verify(caCert.getPublicKey());
        assertEquals(-1, leafCert.getBasicConstraints());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), leafCert.getExtendedKeyUsage());
        byte[] ski = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(caCert.getExtensionValue("2.5.29.14")).getOctets())
                .getKeyIdentifier();
        byte[] aki = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(leafCert.getExtensionValue("2.5.29.35")).getOctets())
                .getKeyIdentifierOctets();
        assertArrayEquals(ski, aki, "the leaf's authority key id is the CA's subject key id");
        assertEquals(127, leafCert.getSerialNumber().bitLength());
        assertEquals(32, Pki.serialHex(leafCert.getSerialNumber()).length());
    }
}
