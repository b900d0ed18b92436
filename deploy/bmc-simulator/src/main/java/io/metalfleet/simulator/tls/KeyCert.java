package io.metalfleet.simulator.tls;

import io.vertx.core.net.KeyCertOptions;

import javax.net.ssl.KeyManagerFactory;
import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A private key with its certificate chain. The KeyManagerFactory is built once and handed to every
 * server that shares it: letting each of 10,000 servers parse the PEM itself costs tens of ms apiece.
 */
public final class KeyCert {

    private final String keyPem;
    private final String certChainPem;
    private KeyCertOptions options;

    public KeyCert(String keyPem, String certChainPem) {
        this.keyPem = keyPem;
        this.certChainPem = certChainPem;
    }

    public String keyPem() {
        return keyPem;
    }

    public String certChainPem() {
        return certChainPem;
    }

    public synchronized KeyCertOptions options() {
        if (options == null) {
            options = KeyCertOptions.wrap(keyManagerFactory());
        }
        return options;
    }

    /**
     * Through a JKS store: PKCS#12's password-based key encryption alone costs ~15 ms, too much for a
     * self-signed certificate per BMC (and the password protects nothing here: the store never leaves
     * memory).
     */
    private KeyManagerFactory keyManagerFactory() {
        try {
            String b64 = keyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
            Certificate[] chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(certChainPem.getBytes(StandardCharsets.US_ASCII)))
                    .toArray(new Certificate[0]);
            KeyStore ks = KeyStore.getInstance("JKS");
            ks.load(null, null);
            char[] pw = "simulator".toCharArray();
            ks.setKeyEntry("bmc", key, pw, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            return kmf;
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the BMC key and certificate", e);
        }
    }
}
