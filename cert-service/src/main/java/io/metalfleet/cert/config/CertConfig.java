package io.metalfleet.cert.config;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every lifetime, limit, interval and key of cert-service; each has an environment variable (METALFLEET_…). */
@ConfigMapping(prefix = "metalfleet")
public interface CertConfig {

    Keys keys();

    Ca ca();

    Certificates certificates();

    Outbox outbox();

    Events events();

    interface Keys {
        /** Base64 of a 32-byte AES key that encrypts CA private keys at rest (key-encryption key). Required. */
        String encryptionKey();

        /** Id of that key, stored with every encrypted CA key so that the key can rotate. */
        @WithDefault("kek-1")
        String encryptionKeyId();
    }

    interface Ca {
        /** Key of new CAs: {@code EC_P256} (default) or {@code RSA_3072}. */
        @WithDefault("EC_P256")
        String keyAlgorithm();

        /** Lifetime of a new CA certificate. */
        @WithDefault("P3650D")
        Duration validity();

        /** How long a signed CRL is valid (its nextUpdate). */
        @WithDefault("PT24H")
        Duration crlValidity();

        /** How long a replica keeps a CA's signing key in memory before reading it again (rotation elsewhere). */
        @WithDefault("PT30S")
        Duration cacheTtl();
    }

    interface Certificates {
        /** Lifetime of a product certificate. */
        @WithDefault("P365D")
        Duration productValidity();

        /** Lifetime of a node certificate unless the request asks for less. */
        @WithDefault("P30D")
        Duration nodeValidity();

        /** The longest lifetime a node certificate request may ask for. */
        @WithDefault("P90D")
        Duration maxNodeValidity();

        /** DNS suffixes under which a node may claim {@code <node>.<suffix>} (besides its cluster's domain). */
        @WithDefault("metalfleet.local")
        List<String> dnsSuffixes();

        /** Whether a node may claim private (RFC 1918 / ULA) IP addresses as SANs. */
        @WithDefault("true")
        boolean allowPrivateIpSans();

        /** Smallest RSA key a CSR may carry. */
        @WithDefault("2048")
        int minRsaBits();

        /** Most SANs one CSR may ask for. */
        @WithDefault("16")
        int maxSans();

        /** How often expired certificates and CAs past their trust window are swept. */
        @WithDefault("1h")
        String sweepEvery();
    }

    interface Outbox {
        @WithDefault("PT0.1S")
        Duration pollInterval();

        @WithDefault("500")
        int batchSize();

        @WithDefault("P1D")
        Duration retention();
    }

    interface Events {
        @WithDefault("urn:metalfleet:cert-service")
        String source();
    }
}
