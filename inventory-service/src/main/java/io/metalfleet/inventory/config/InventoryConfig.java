package io.metalfleet.inventory.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every limit, interval and key of inventory-service; each has an environment variable (METALFLEET_…). */
@ConfigMapping(prefix = "metalfleet")
public interface InventoryConfig {

    Http http();

    Enrollment enrollment();

    Paging paging();

    Outbox outbox();

    Credentials credentials();

    Events events();

    Database database();

    ProvisioningEvents provisioningEvents();

    Auth auth();

    interface Http {
        /** Largest request body in bytes (4 MiB: 1,000 enrollments with room to spare). */
        @WithDefault("4194304")
        long maxBodySize();
    }

    interface Enrollment {
        /** Most items one batchCreate may carry; more fails the whole request with 400. */
        @WithDefault("1000")
        int maxBatchSize();

        /** How often a batch retries items whose generated id collided with an existing one. */
        @WithDefault("3")
        int idCollisionRetries();
    }

    interface Paging {
        @WithDefault("50")
        int defaultPageSize();

        @WithDefault("1000")
        int maxPageSize();
    }

    interface Outbox {
        /** How often the relay looks for unsent events when idle. */
        @WithDefault("PT0.1S")
        Duration pollInterval();

        /** Events sent per relay round. */
        @WithDefault("500")
        int batchSize();

        /** Sent events are kept this long for inspection, then removed. */
        @WithDefault("P1D")
        Duration retention();
    }

    interface Credentials {
        /** Base64 of a 32-byte AES key: BMC credentials at rest. Only inventory-service holds it. */
        String atRestKey();

        /** Base64 of a 32-byte AES key shared with provisioning-service: credentials in events. */
        String sealKey();

        /** Id of the seal key, carried in events so that keys can rotate. */
        @WithDefault("fleet-1")
        String sealKeyId();
    }

    interface Events {
        /** CloudEvents {@code source} of everything this service publishes. */
        @WithDefault("urn:metalfleet:inventory-service")
        String source();
    }

    interface ProvisioningEvents {
        /** Retries of a whole batch of provisioning.servers before its events are applied one at a time. */
        @WithDefault("2")
        int batchRetries();

        /** Retries of one event (after its batch failed) before it goes to the dead-letter topic. */
        @WithDefault("5")
        int eventRetries();

        /** First pause before a retry; it doubles (with jitter) up to retry-backoff-max. */
        @WithDefault("PT0.2S")
        Duration retryBackoff();

        @WithDefault("PT5S")
        Duration retryBackoffMax();
    }

    interface Database {
        /**
         * Requests that may wait for a pooled connection when all are busy; one more is refused at
         * once (503 with Retry-After) instead of joining a queue it could never leave in time.
         */
        @WithDefault("256")
        int maxWaitQueueSize();

        /** How long a request waits for a pooled connection before it is answered 503. */
        @WithDefault("PT3S")
        Duration connectionTimeout();
    }

    interface Auth {
        /** Verified bearer tokens kept (by their exact text) so that a repeated token is not verified again. */
        @WithDefault("10000")
        int tokenCacheSize();

        /**
         * A cached token is verified again (signature, issuer key, claims) after this long, and never
         * used past its own {@code exp}: a key the issuer withdraws stops counting within this bound
         * once the service's key set has been refreshed.
         */
        @WithDefault("PT30S")
        Duration tokenCacheMaxAge();
    }
}
