package io.metalfleet.cert.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * What a node may get signed: a well-formed PKCS#10 request whose signature verifies, a key at least
 * as strong as P-256 or RSA-{@code minRsaBits}, a subject CN that is the node's name, and SANs only
 * among the names the node may claim. Every refusal says why; the caller answers 400 with it.
 */
public final class CsrPolicy {

    public static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** A refusal: the request is not signed, with the reason. */
    public static class Rejected extends Exception {
        public Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /** What the node may claim: its name under these DNS suffixes, and private IP addresses if allowed. */
    public record Rules(Set<String> dnsSuffixes, boolean allowPrivateIps, int minRsaBits, int maxSans) {
    }

    /** A request that passed: what goes into the certificate. */
    public record Accepted(String nodeName, X500Name subject, SubjectPublicKeyInfo publicKey, GeneralNames sans,
            List<String> sanNames, String pem) {
    }

    private CsrPolicy() {
    }

    public static PKCS10CertificationRequest parse(String pem) throws Rejected {
        if (pem == null || pem.isBlank()) {
            throw new Rejected("a PEM certificate request is required");
        }
        List<Object> objects;
        try {
            objects = Pki.readPem(pem);
        } catch (IOException | RuntimeException e) {
            throw new Rejected("not a PEM-encoded PKCS#10 certificate request");
        }
        if (objects.isEmpty()) {
            throw new Rejected("not a PEM-encoded PKCS#10 certificate request");
        }
        if (objects.size() != 1 || !(objects.get(0) instanceof PKCS10CertificationRequest csr)) {
            throw new Rejected("expected exactly one PEM block 'CERTIFICATE REQUEST'");
        }
        return csr;
    }

    /** Checks the request; {@code expectedName} (when not null) is the name the node must carry as CN. */
    public static Accepted check(String pem, String expectedName, Rules rules) throws Rejected {
        PKCS10CertificationRequest csr = parse(pem);
        SubjectPublicKeyInfo key = csr.getSubjectPublicKeyInfo();
        checkKey(key, rules.minRsaBits());
        verifySignature(csr);
        String name = commonName(csr.getSubject());
        if (name == null) {
            throw new Rejected("the subject must carry exactly one CN, the node name");
        }
        if (!NODE_NAME.matcher(name).matches()) {
            throw new Rejected("the subject CN '" + name + "' is not a node name (1-63 lower-case letters, digits and '-')");
        }
        if (expectedName != null && !expectedName.equals(name)) {
            throw new Rejected("the subject CN '" + name + "' is not this node's name '" + expectedName + "'");
        }
        List<GeneralName> allowed = new ArrayList<>();
        Set<String> sanNames = new LinkedHashSet<>();
        for (GeneralName san : requestedSans(csr)) {
            sanNames.add(allow(san, name, rules));
            allowed.add(san);
        }
        if (allowed.size() > rules.maxSans()) {
            throw new Rejected("at most " + rules.maxSans() + " subject alternative names");
        }
        // The certificate's subject is rebuilt from the checked name: nothing else of the request's subject is copied.
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
        return new Accepted(name, subject, key, new GeneralNames(allowed.toArray(GeneralName[]::new)), List.copyOf(sanNames), pem);
    }

    static void checkKey(SubjectPublicKeyInfo key, int minRsaBits) throws Rejected {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            Object curve = key.getAlgorithm().getParameters();
            if (!(curve instanceof ASN1ObjectIdentifier oid)
                    || !(oid.equals(SECObjectIdentifiers.secp256r1) || oid.equals(SECObjectIdentifiers.secp384r1))) {
                throw new Rejected("weak or unsupported key: EC keys must be on P-256 or P-384");
            }
            return;
        }
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            int bits;
            try {
                bits = RSAPublicKey.getInstance(key.parsePublicKey()).getModulus().bitLength();
            } catch (IOException | RuntimeException e) {
                throw new Rejected("the RSA public key does not parse");
            }
            if (bits < minRsaBits) {
                throw new Rejected("weak key: RSA keys must have at least " + minRsaBits + " bits, this one has " + bits);
            }
            return;
        }
        throw new Rejected("unsupported key algorithm " + algorithm.getId() + ": use ECDSA P-256/P-384 or RSA");
    }

    private static void verifySignature(PKCS10CertificationRequest csr) throws Rejected {
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Pki.PROVIDER).build(Pki.publicKey(csr.getSubjectPublicKeyInfo())));
        } catch (Exception e) {
            throw new Rejected("the request's signature cannot be checked: " + e.getClass().getSimpleName());
        }
        if (!valid) {
            throw new Rejected("bad signature: the request is not signed by the key it carries");
        }
    }

    private static String commonName(X500Name subject) {
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        if (cns.length != 1 || cns[0].isMultiValued()) {
            return null;
        }
        return IETFUtils.valueToString(cns[0].getFirst().getValue());
    }

    private static List<GeneralName> requestedSans(PKCS10CertificationRequest csr) throws Rejected {
        List<GeneralName> sans = new ArrayList<>();
        for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (var value : attribute.getAttrValues()) {
                Extensions extensions;
                try {
                    extensions = Extensions.getInstance(value);
                } catch (RuntimeException e) {
                    throw new Rejected("the extension request does not parse");
                }
                GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
                if (names != null) {
                    sans.addAll(List.of(names.getNames()));
                }
            }
        }
        return sans;
    }

    /** Returns the SAN as text when the node may claim it. */
    private static String allow(GeneralName san, String node, Rules rules) throws Rejected {
        if (san.getTagNo() == GeneralName.dNSName) {
            String dns = DERIA5String.getInstance(san.getName()).getString().toLowerCase(Locale.ROOT);
            if (dns.equals(node)) {
                return "DNS:" + dns;
            }
            for (String suffix : rules.dnsSuffixes()) {
                if (dns.equals(node + "." + suffix)) {
                    return "DNS:" + dns;
                }
            }
            throw new Rejected("disallowed SAN DNS:" + dns + ": a node may claim only " + node + " and " + node
                    + ".<" + String.join("|", rules.dnsSuffixes()) + ">");
        }
        if (san.getTagNo() == GeneralName.iPAddress) {
            byte[] raw = ASN1OctetString.getInstance(san.getName()).getOctets();
            InetAddress address;
            try {
                address = InetAddress.getByAddress(raw);
            } catch (UnknownHostException e) {
                throw new Rejected("a SAN IP address is malformed");
            }
            if (!rules.allowPrivateIps() || !isPrivate(raw)) {
                throw new Rejected("disallowed SAN IP:" + address.getHostAddress() + ": only private addresses, when allowed");
            }
            return "IP:" + address.getHostAddress();
        }
        throw new Rejected("disallowed SAN type " + san.getTagNo() + ": only DNS names and IP addresses");
    }

    /** RFC 1918 IPv4 and IPv6 unique-local (fc00::/7). */
    static boolean isPrivate(byte[] raw) {
        if (raw.length == 4) {
            int a = raw[0] & 0xff;
            int b = raw[1] & 0xff;
            return a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168);
        }
        return raw.length == 16 && (raw[0] & 0xfe) == 0xfc;
    }
}
