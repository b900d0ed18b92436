package io.metalfleet.identity.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every limit, lifetime, interval and key of identity-service; each has an environment variable (METALFLEET_…). */
@ConfigMapping(prefix = "metalfleet")
public interface IdentityConfig {

    /** The {@code iss} of every token; the whole suite verifies against it. */
    @WithDefault("https://identity.metalfleet.local")
    String issuer();

    /** The {@code aud} of every token. */
    @WithDefault("metalfleet")
    String audience();

    /** Base URL published in the OpenID configuration (jwks_uri, token_endpoint). */
    @WithDefault("http://127.0.0.1:8083")
    String publicUrl();

    Bootstrap bootstrap();

    Tokens tokens();

    Keys keys();

    Passwords passwords();

    Registration registration();

    Outbox outbox();

    Events events();

    interface Bootstrap {
        /** The admin created on first start when no user of that name exists. */
        @WithDefault("admin")
        String adminUsername();

        /** Required outside dev/test: the service refuses to start without it. */
        String adminPassword();
    }

    interface Tokens {
        /** Lifetime of access tokens. */
        @WithDefault("PT15M")
        Duration accessTokenLifetime();

        /** Verifiers' clock skew allowance: added to the time a rotated key stays published. */
        @WithDefault("PT1M")
        Duration clockSkew();

        /** Failed grants per subject (username or client id) before it is refused for a while. */
        @WithDefault("5")
        int maxFailedAttempts();

        /** The window failures are counted in, and how long a subject is refused once over the limit. */
        @WithDefault("PT5M")
        Duration failureWindow();

        /** Subjects tracked by the failure limiter (memory bound). */
        @WithDefault("100000")
        int maxTrackedSubjects();
    }

    interface Keys {
        /** Base64 of 32 random bytes: the key-encryption key for private keys at rest, and the root of the secret pepper. */
        String encryptionKey();

        /** A new signing key is made when the active one is older than this. */
        @WithDefault("P30D")
        Duration rotationInterval();

        /** How often the rotation schedule and retirement of old keys are checked. */
        @WithDefault("1h")
        String checkEvery();

        /** How often a replica reloads the key ring from the database (keys rotated by another replica). */
        @WithDefault("PT10S")
        Duration refreshInterval();
    }

    interface Passwords {
        /** Argon2id memory in KiB (OWASP: 19 MiB with 2 iterations). */
        @WithDefault("19456")
        int memoryKib();

        @WithDefault("2")
        int iterations();

        @WithDefault("1")
        int parallelism();

        /** Threads hashing passwords at once: bounds CPU and memory (memory-kib each). */
        @WithDefault("2")
        int hashingThreads();

        @WithDefault("12")
        int minLength();
    }

    interface Registration {
        /** When true, any signed-in user may issue provider registration tokens; otherwise only admins. */
        @WithDefault("false")
        boolean open();

        @WithDefault("PT24H")
        Duration tokenLifetime();

        /** The zone's domain: a delegated provider's domain is {@code subdomain.zone-domain}. */
        @WithDefault("onezone.metalfleet.local")
        String zoneDomain();
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
        @WithDefault("urn:metalfleet:identity-service")
        String source();

    }
}
