package io.metalfleet.provisioning.redfish.tls;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Per-BMC TLS trust inside ONE trust manager for the shared client: the handshake asks it with the
 * peer's host and port, and it answers from that BMC's rule: a CA bundle, or a SHA-256 certificate
 * fingerprint. A BMC with no rule yet is trusted on first use: its fingerprint is pinned and reported
 * (so enrollment can record it); from then on a different certificate fails the handshake, before a
 * request or credential is sent. BMCs rarely carry certificates naming their address, so host names
 * are not checked: the pin or the CA is the identity.
 */
public final class BmcTrust extends X509ExtendedTrustManager {

    private final Map<String, X509TrustManager> caBundles = new ConcurrentHashMap<>();
    private final Map<String, String> pins = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, String> onFirstUse = (hostPort, fingerprint) -> { };

    /** Called with (host:port, fingerprint) when a BMC is pinned on first contact. */
    public void onFirstUse(BiConsumer<String, String> listener) {
        this.onFirstUse = listener;
    }

    public void pin(String hostPort, String fingerprint) {
        pins.put(hostPort, fingerprint.toLowerCase());
    }

    public String pinOf(String hostPort) {
        return pins.get(hostPort);
    }

    public void forget(String hostPort) {
        pins.remove(hostPort);
        caBundles.remove(hostPort);
    }

    /** Trust the BMC at host:port by the CA certificates in this PEM bundle instead of a pin. */
    public void trustCa(String hostPort, String pemBundle) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (var cert : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pemBundle.getBytes(StandardCharsets.US_ASCII)))) {
                store.setCertificateEntry("ca-" + n++, cert);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    caBundles.put(hostPort, x509);
                }
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("CA bundle is not PEM X.509", e);
        }
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, authType, engine == null ? null : engine.getPeerHost() + ":" + engine.getPeerPort());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType, socket == null ? null : socket.getInetAddress().getHostAddress() + ":" + socket.getPort());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("BMC trust needs the peer's address");
    }

    private void check(X509Certificate[] chain, String authType, String hostPort) throws CertificateException {
        if (hostPort == null || chain == null || chain.length == 0) {
            throw new CertificateException("no peer certificate");
        }
        X509TrustManager ca = caBundles.get(hostPort);
        if (ca != null) {
            ca.checkServerTrusted(chain, authType);
            return;
        }
        String presented = fingerprint(chain[0]);
        String pinned = pins.putIfAbsent(hostPort, presented);
        if (pinned == null) {
            onFirstUse.accept(hostPort, presented);
        } else if (!pinned.equals(presented)) {
            throw new CertificateException("BMC certificate changed: pinned sha256 " + pinned.substring(0, 16)
                    + "…, presented " + presented.substring(0, 16) + "…");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
