package io.metalfleet.simulator.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The fleet's certificate authority. ECDSA P-256 throughout: a handshake with it costs a fraction of an
 * RSA-2048 one, which matters when a client opens thousands of TLS connections. One leaf certificate
 * (SAN 127.0.0.1, localhost) is shared by every BMC unless a self-signed certificate per BMC is asked
 * for, as real BMCs ship.
 */
public final class FleetCa {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final KeyPair caKeys;
    private final X509Certificate caCert;

    public FleetCa() {
        caKeys = ecKeys();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=Metalfleet BMC Simulator Fleet CA,O=Metalfleet");
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                    caKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            caCert = sign(b, caKeys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the fleet CA", e);
        }
    }

    public String caCertificatePem() {
        return Pem.certificate(caCert);
    }

    /** The shared BMC certificate, signed by this CA. */
    public KeyCert serverCertificate(String host) {
        Instant now = Instant.now();
        return issue("CN=" + host + ",OU=BMC,O=Metalfleet", host, now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(825)));
    }

    /** A certificate that expired yesterday: what the "TLS failure" fault serves. */
    public KeyCert expiredCertificate(String host) {
        Instant now = Instant.now();
        return issue("CN=" + host + ",OU=BMC expired,O=Metalfleet", host, now.minus(Duration.ofDays(400)),
                now.minus(Duration.ofDays(1)));
    }

    /** A self-signed certificate for one BMC, as a BMC fresh from the factory has. */
    public static KeyCert selfSigned(String host, String commonName) {
        KeyPair keys = ecKeys();
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=" + commonName + ",O=BMC");
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), name,
                    keys.getPublic());
            addServerExtensions(b, host);
            X509Certificate cert = sign(b, keys.getPrivate());
            return new KeyCert(Pem.privateKey(keys.getPrivate()), Pem.certificate(cert));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyCert issue(String subject, String host, Instant from, Instant to) {
        KeyPair keys = ecKeys();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(), Date.from(from),
                    Date.from(to), new X500Name(subject), keys.getPublic());
            addServerExtensions(b, host);
            X509Certificate cert = sign(b, caKeys.getPrivate());
            return new KeyCert(Pem.privateKey(keys.getPrivate()), Pem.certificate(cert) + Pem.certificate(caCert));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addServerExtensions(X509v3CertificateBuilder b, String host) throws Exception {
        GeneralNames san = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, host), new GeneralName(GeneralName.dNSName, "localhost")});
        b.addExtension(Extension.subjectAlternativeName, false, san);
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }
}
