package io.metalfleet.cert.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** What a node does on its side in the tests: keys and PKCS#10 requests. */
public final class TestPki {

    public static final Provider BC = new BouncyCastleProvider();

    private TestPki() {
    }

    public static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = curve.equals("secp256r1") || curve.equals("secp384r1")
                ? KeyPairGenerator.getInstance("EC") : KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    public static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    /** A CSR for CN={@code name} with the given SANs ("DNS:x", "IP:y", "EMAIL:z", "URI:u"). */
    public static String csr(KeyPair keys, String name, String... sans) throws Exception {
        return pem("CERTIFICATE REQUEST", csrObject(keys, name, sans).getEncoded());
    }

    public static PKCS10CertificationRequest csrObject(KeyPair keys, String name, String... sans) throws Exception {
        JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name), keys.getPublic());
        if (sans.length > 0) {
            List<GeneralName> names = new ArrayList<>();
            for (String san : sans) {
                String value = san.substring(san.indexOf(':') + 1);
                names.add(switch (san.substring(0, san.indexOf(':'))) {
                    case "DNS" -> new GeneralName(GeneralName.dNSName, value);
                    case "IP" -> new GeneralName(GeneralName.iPAddress, InetAddress.getByName(value).getHostAddress());
                    case "EMAIL" -> new GeneralName(GeneralName.rfc822Name, value);
                    default -> new GeneralName(GeneralName.uniformResourceIdentifier, value);
                });
            }
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
        }
        String algorithm = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        JcaContentSignerBuilder signer = new JcaContentSignerBuilder(algorithm);
        if (keys.getPrivate().getClass().getName().startsWith("org.bouncycastle")) {
            signer.setProvider(BC);
        }
        return builder.build(signer.build(keys.getPrivate()));
    }

    public static String pem(String type, byte[] der) throws IOException {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    public static List<X509Certificate> certificates(String pem) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        return new ArrayList<>((java.util.Collection<X509Certificate>) factory.generateCertificates(new ByteArrayInputStream(pem.getBytes())));
    }
}
