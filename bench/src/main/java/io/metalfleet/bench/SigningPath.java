package io.metalfleet.bench;

import java.io.StringReader;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The CPU floor of issuing: what cert-service does per certificate minus HTTP, JSON, the database and
 * the event (PEM parse, CSR signature check, X.509 build and ECDSA P-256 sign with BouncyCastle, the
 * library and provider the service uses), on every core of this JVM.
 */
final class SigningPath {

    static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningPath() {
    }

    static double perSecond(List<String> csrs) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ca = generator.generateKeyPair();
        X500Name issuer = new X500Name("CN=bench CA");
        // Warm-up on the first quarter, then measure the whole list across all cores.
        csrs.subList(0, csrs.size() / 4).parallelStream().forEach(csr -> issue(csr, ca, issuer));
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        csrs.parallelStream().forEach(csr -> {
            issue(csr, ca, issuer);
            done.incrementAndGet();
        });
        return done.get() / ((System.nanoTime() - started) / 1e9);
    }

    private static void issue(String pem, KeyPair ca, X500Name issuer) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo()))) {
                throw new IllegalStateException("a bench CSR does not verify");
            }
            long now = System.currentTimeMillis();
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(ca.getPrivate());
            new X509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM), new Date(now), new Date(now + 30L * 86_400_000),
                    csr.getSubject(), SubjectPublicKeyInfo.getInstance(csr.getSubjectPublicKeyInfo())).build(signer).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
