package io.metalfleet.provisioning.redfish.connector;

import java.time.Duration;

import io.metalfleet.provisioning.config.ProvisioningConfig;

/**
 * The engine's knobs as a plain value, so that the engine runs the same inside the service (from
 * {@link ProvisioningConfig}) and in a benchmark main without Quarkus.
 */
public record RedfishSettings(int perBmcConcurrency, int globalInFlight, Duration connectTimeout, Duration requestTimeout,
        int retries, Duration backoffBase, Duration backoffMax, Duration retryAfterMax, int breakerFailures,
        Duration breakerOpen, Duration taskTimeout, Duration idleTimeout, Duration powerFirstPoll,
        Duration powerPollInterval, Duration powerConfirmTimeout, Duration gracefulTimeout, int concurrentInspections,
        boolean learnTransitions, Duration systemReuseMaxAge, TlsEngine tlsEngine) {

    /** Who does the TLS to BMCs (config {@code metalfleet.redfish.tls-engine}). */
    public enum TlsEngine {
        OPENSSL, JDK
    }

    public static RedfishSettings defaults() {
        return new RedfishSettings(2, 8192, Duration.ofSeconds(5), Duration.ofSeconds(15), 3, Duration.ofMillis(200),
                Duration.ofSeconds(5), Duration.ofSeconds(30), 5, Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofSeconds(60), Duration.ofMillis(400), Duration.ofMillis(250), Duration.ofMinutes(2),
                Duration.ofSeconds(30), 1000, true, Duration.ofMinutes(5), TlsEngine.OPENSSL);
    }

    public static RedfishSettings from(ProvisioningConfig config) {
        ProvisioningConfig.Redfish r = config.redfish();
        ProvisioningConfig.Power p = config.power();
        return new RedfishSettings(r.perBmcConcurrency(), r.globalInFlight(), r.connectTimeout(), r.requestTimeout(),
                r.retries(), r.backoffBase(), r.backoffMax(), r.retryAfterMax(), r.breakerFailures(), r.breakerOpen(),
                r.taskTimeout(), r.idleTimeout(), p.firstPoll(), p.pollInterval(), p.confirmTimeout(),
                p.gracefulTimeout(), r.concurrentInspections(), p.learnTransitions(), p.systemReuseMaxAge(), r.tlsEngine());
    }

    public RedfishSettings withRequestTimeout(Duration timeout) {
        return toBuilder().requestTimeout(timeout).build();
    }

    public RedfishSettings withConnectTimeout(Duration timeout) {
        return toBuilder().connectTimeout(timeout).build();
    }

    public RedfishSettings withRetries(int count, Duration base) {
        return toBuilder().retries(count).backoffBase(base).build();
    }

    public RedfishSettings withBreaker(int failures, Duration open) {
        return toBuilder().breakerFailures(failures).breakerOpen(open).build();
    }

    public RedfishSettings withPowerTimeouts(Duration confirm, Duration graceful) {
        return toBuilder().powerConfirmTimeout(confirm).gracefulTimeout(graceful).build();
    }

    /** Every confirmation polled from {@code power.first-poll}, every override preceded by a GET of the system. */
    public RedfishSettings withoutShortcuts() {
        return toBuilder().learnTransitions(false).systemReuseMaxAge(Duration.ZERO).build();
    }

    public RedfishSettings withTlsEngine(TlsEngine engine) {
        return toBuilder().tlsEngine(engine).build();
    }

    private Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with some knobs changed: the one place that lists every field for the {@code with…} methods. */
    private static final class Builder {
        private int perBmcConcurrency;
        private int globalInFlight;
        private Duration connectTimeout;
        private Duration requestTimeout;
        private int retries;
        private Duration backoffBase;
        private Duration backoffMax;
        private Duration retryAfterMax;
        private int breakerFailures;
        private Duration breakerOpen;
        private Duration taskTimeout;
        private Duration idleTimeout;
        private Duration powerFirstPoll;
        private Duration powerPollInterval;
        private Duration powerConfirmTimeout;
        private Duration gracefulTimeout;
        private int concurrentInspections;
        private boolean learnTransitions;
        private Duration systemReuseMaxAge;
        private TlsEngine tlsEngine;

        private Builder(RedfishSettings s) {
            perBmcConcurrency = s.perBmcConcurrency;
            globalInFlight = s.globalInFlight;
            connectTimeout = s.connectTimeout;
            requestTimeout = s.requestTimeout;
            retries = s.retries;
            backoffBase = s.backoffBase;
            backoffMax = s.backoffMax;
            retryAfterMax = s.retryAfterMax;
            breakerFailures = s.breakerFailures;
            breakerOpen = s.breakerOpen;
            taskTimeout = s.taskTimeout;
            idleTimeout = s.idleTimeout;
            powerFirstPoll = s.powerFirstPoll;
            powerPollInterval = s.powerPollInterval;
            powerConfirmTimeout = s.powerConfirmTimeout;
            gracefulTimeout = s.gracefulTimeout;
            concurrentInspections = s.concurrentInspections;
            learnTransitions = s.learnTransitions;
            systemReuseMaxAge = s.systemReuseMaxAge;
            tlsEngine = s.tlsEngine;
        }

        Builder tlsEngine(TlsEngine value) {
            tlsEngine = value;
            return this;
        }

        Builder learnTransitions(boolean value) {
            learnTransitions = value;
            return this;
        }

        Builder systemReuseMaxAge(Duration value) {
            systemReuseMaxAge = value;
            return this;
        }

        Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        Builder retries(int value) {
            retries = value;
            return this;
        }

        Builder backoffBase(Duration value) {
            backoffBase = value;
            return this;
        }

        Builder breakerFailures(int value) {
            breakerFailures = value;
            return this;
        }

        Builder breakerOpen(Duration value) {
            breakerOpen = value;
            return this;
        }

        Builder powerConfirmTimeout(Duration value) {
            powerConfirmTimeout = value;
            return this;
        }

        Builder gracefulTimeout(Duration value) {
            gracefulTimeout = value;
            return this;
        }

        RedfishSettings build() {
            return new RedfishSettings(perBmcConcurrency, globalInFlight, connectTimeout, requestTimeout, retries,
                    backoffBase, backoffMax, retryAfterMax, breakerFailures, breakerOpen, taskTimeout, idleTimeout,
                    powerFirstPoll, powerPollInterval, powerConfirmTimeout, gracefulTimeout, concurrentInspections,
                    learnTransitions, systemReuseMaxAge, tlsEngine);
        }
    }
}
