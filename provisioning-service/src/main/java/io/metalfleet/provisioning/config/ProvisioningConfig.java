package io.metalfleet.provisioning.config;

import java.time.Duration;
import java.util.Optional;

import io.metalfleet.provisioning.redfish.connector.RedfishSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every limit, timeout, interval and key of provisioning-service; each has an environment variable (METALFLEET_…). */
@ConfigMapping(prefix = "metalfleet")
public interface ProvisioningConfig {

    Redfish redfish();

    Power power();

    Operations operations();

    Outbox outbox();

    InventoryEvents inventoryEvents();

    Credentials credentials();

    Events events();

    interface Redfish {
        /** CIDRs the engine may connect to (e.g. the BMC VLANs); unset = any. The local stack sets loopback. */
        java.util.Optional<java.util.List<String>> allowedNetworks();

        /** Requests one BMC may have in flight at once, across every operation (BMCs fall over beyond 2-4). */
        @WithDefault("2")
        int perBmcConcurrency();

        /** Requests in flight to the whole fleet at once. */
        @WithDefault("8192")
        int globalInFlight();

        /**
         * Event loops of the engine's own Vert.x (every BMC's connections and operations run on one of them); 0: one
         * per core. Its own loops, not Quarkus', so that no callback there captures a caller's context (see
         * EngineProducer).
         */
        @WithDefault("0")
        int eventLoops();

        @WithDefault("PT5S")
        Duration connectTimeout();

        /** A request with no answer for this long is reset and counts as a transport failure. */
        @WithDefault("PT15S")
        Duration requestTimeout();

        /** Retries after the first attempt, for transport errors and for 5xx where safe. */
        @WithDefault("3")
        int retries();

        @WithDefault("PT0.2S")
        Duration backoffBase();

        @WithDefault("PT5S")
        Duration backoffMax();

        /** A Retry-After longer than this is capped, so one BMC cannot park an operation for an hour. */
        @WithDefault("PT30S")
        Duration retryAfterMax();

        /** Consecutive transport failures that open a BMC's circuit. */
        @WithDefault("5")
        int breakerFailures();

        /** How long an open circuit fails requests at once before one trial request goes through. */
        @WithDefault("PT30S")
        Duration breakerOpen();

        /** Longest wait for a TaskMonitor to report completion. */
        @WithDefault("PT5M")
        Duration taskTimeout();

        /** Connections kept idle per BMC are closed after this long. */
        @WithDefault("PT60S")
        Duration idleTimeout();

        /**
         * Inspections run at once; the others wait their turn. Each holds its system's JSON while it
         * runs, so 10,000 enrollments at once must not all be in memory together.
         */
        @WithDefault("1000")
        int concurrentInspections();

        /**
         * Who does the TLS to BMCs: {@code openssl} (BoringSSL through netty-tcnative: native AES-GCM and handshakes,
         * whatever the JIT; the JDK's own code runs far slower under C1, which this service runs on) or {@code jdk}
         * (SunJSSE). {@code openssl} falls back to {@code jdk}, with a log line, where the native library does not load.
         */
        @WithDefault("openssl")
        RedfishSettings.TlsEngine tlsEngine();
    }

    interface Power {
        /** First poll of the power state after a reset: transitions take at least this long. */
        @WithDefault("PT0.4S")
        Duration firstPoll();

        @WithDefault("PT0.25S")
        Duration pollInterval();

        /** A power action not confirmed within this deadline fails. */
        @WithDefault("PT2M")
        Duration confirmTimeout();

        /** GracefulShutdown falls back to ForceOff after this long. */
        @WithDefault("PT30S")
        Duration gracefulTimeout();

        /**
         * The first poll after a reset waits as long as the same model's same transition has been seen to take
         * (never less than first-poll): about one confirming GET per server instead of one per poll interval.
         */
        @WithDefault("true")
        boolean learnTransitions();

        /**
         * A power action with a boot override starts from the system as last read (by inspection, the power-state
         * sync or the previous operation's confirmation) when it is younger than this: its PATCH carries that read's
         * ETag in If-Match, so the BMC refuses it (412, then a fresh read) if anything changed. PT0S: always read first.
         */
        @WithDefault("PT5M")
        Duration systemReuseMaxAge();

        /** Every enrolled BMC's power state is read once per interval, spread evenly. */
        @WithDefault("PT60S")
        Duration syncInterval();

        @WithDefault("true")
        boolean syncEnabled();
    }

    interface Operations {
        /** Most servers one batchPower may address. */
        @WithDefault("20000")
        int maxServers();

        /** Commands one replica runs at once (each waits mostly on its BMC). */
        @WithDefault("12000")
        int maxConcurrentCommands();

        /**
         * Claim statements one replica has in flight at once: a Kafka poll's commands are claimed while the next polls
         * are read and claimed, so the engine never waits for the claims before its own.
         */
        @WithDefault("4")
        int claimsInFlight();

        /**
         * The replica that creates an operation claims and starts at once the items of the partitions it owns, instead
         * of when their commands come back through the relay and Kafka (1.5-2.8 s later at 10,000 servers); their
         * records still follow and find those items in hand or done. False: every item waits for its record.
         */
        @WithDefault("true")
        boolean runOwnedAtCreation();

        /** Items per claim statement when the creating replica claims its own partitions' items (claims-in-flight at once). */
        @WithDefault("1000")
        int ownedClaimBatch();

        /**
         * A running item is leased to its replica this long and renewed every third of it while the command runs:
         * the item of a replica that crashed (or lost the database) is taken over at most this long after its last
         * renewal.
         */
        @WithDefault("PT30S")
        Duration lease();

        /**
         * A pending item of an operation this old is taken over by the takeover rounds: its command was lost before
         * anyone claimed it (e.g. the claim failed on a database error). Well above the time commands wait in Kafka.
         */
        @WithDefault("PT10M")
        Duration pendingTimeout();

        /** How often a replica looks for items to take over (lease ran out, or pending too long). */
        @WithDefault("PT5S")
        Duration takeoverInterval();

        /** Items one takeover round claims at most. */
        @WithDefault("1000")
        int takeoverBatch();

        /**
         * At shutdown (SIGTERM) the commands in flight are given this long to finish and record their result before
         * the consumer leaves the group; commands not started yet are left to the replica that takes the partition.
         */
        @WithDefault("PT20S")
        Duration drainTimeout();

        /** This replica's id in item ownership (results show it); unset: a random id per process, logged at startup. */
        Optional<String> replicaId();

        /** Results are written in batches at most this often. */
        @WithDefault("PT0.05S")
        Duration resultFlushInterval();
    }

    /** Consumption of inventory.servers: a poll's records are applied as one batch. */
    interface InventoryEvents {
        /** Retries of a whole batch before its events are applied one at a time. */
        @WithDefault("2")
        int batchRetries();

        /** Retries of one event (after its batch failed) before it is dead-lettered. */
        @WithDefault("5")
        int eventRetries();

        /**
         * Retries of writing an inspection's result (server.inspected or server.inspection-failed with the server's new
         * state): until it is written the server stays "inspecting".
         */
        @WithDefault("8")
        int resultRetries();

        /** Inspection results are written in batches at most this often. */
        @WithDefault("PT0.05S")
        Duration resultFlushInterval();

        @WithDefault("PT0.2S")
        Duration retryBackoff();

        @WithDefault("PT5S")
        Duration retryBackoffMax();
    }

    interface Outbox {
        @WithDefault("PT0.05S")
        Duration pollInterval();

        @WithDefault("2000")
        int batchSize();

        @WithDefault("P1D")
        Duration retention();
    }

    interface Credentials {
        /** Base64 of the 32-byte fleet seal key shared with inventory-service: credentials in server.enrolled. */
        String sealKey();

        @WithDefault("fleet-1")
        String sealKeyId();
    }

    interface Events {
        @WithDefault("urn:metalfleet:provisioning-service")
        String source();
    }
}
