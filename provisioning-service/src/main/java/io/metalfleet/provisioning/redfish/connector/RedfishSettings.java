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
        Duration powerPollInterval, Duration powerConfirmTimeout, Duration gracefulTimeout, int concurrentInspections) {

    public static RedfishSettings defaults() {
        return new RedfishSettings(2, 8192, Duration.ofSeconds(5), Duration.ofSeconds(15), 3, Duration.ofMillis(200),
                Duration.ofSeconds(5), Duration.ofSeconds(30), 5, Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofSeconds(60), Duration.ofMillis(400), Duration.ofMillis(250), Duration.ofMinutes(2),
                Duration.ofSeconds(30), 1000);
    }

    public static RedfishSettings from(ProvisioningConfig config) {
        ProvisioningConfig.Redfish r = config.redfish();
        ProvisioningConfig.Power p = config.power();
        return new RedfishSettings(r.perBmcConcurrency(), r.globalInFlight(), r.connectTimeout(), r.requestTimeout(),
                r.retries(), r.backoffBase(), r.backoffMax(), r.retryAfterMax(), r.breakerFailures(), r.breakerOpen(),
                r.taskTimeout(), r.idleTimeout(), p.firstPoll(), p.pollInterval(), p.confirmTimeout(),
                p.gracefulTimeout(), r.concurrentInspections());
    }

    public RedfishSettings withRequestTimeout(Duration timeout) {
        return new RedfishSettings(perBmcConcurrency, globalInFlight, connectTimeout, timeout, retries, backoffBase,
                backoffMax, retryAfterMax, breakerFailures, breakerOpen, taskTimeout, idleTimeout, powerFirstPoll,
                powerPollInterval, powerConfirmTimeout, gracefulTimeout, concurrentInspections);
    }

    public RedfishSettings withConnectTimeout(Duration timeout) {
        return new RedfishSettings(perBmcConcurrency, globalInFlight, timeout, requestTimeout, retries, backoffBase,
                backoffMax, retryAfterMax, breakerFailures, breakerOpen, taskTimeout, idleTimeout, powerFirstPoll,
                powerPollInterval, powerConfirmTimeout, gracefulTimeout, concurrentInspections);
    }

    public RedfishSettings withRetries(int count, Duration base) {
        return new RedfishSettings(perBmcConcurrency, globalInFlight, connectTimeout, requestTimeout, count, base,
                backoffMax, retryAfterMax, breakerFailures, breakerOpen, taskTimeout, idleTimeout, powerFirstPoll,
                powerPollInterval, powerConfirmTimeout, gracefulTimeout, concurrentInspections);
    }

    public RedfishSettings withBreaker(int failures, Duration open) {
        return new RedfishSettings(perBmcConcurrency, globalInFlight, connectTimeout, requestTimeout, retries,
                backoffBase, backoffMax, retryAfterMax, failures, open, taskTimeout, idleTimeout, powerFirstPoll,
                powerPollInterval, powerConfirmTimeout, gracefulTimeout, concurrentInspections);
    }

    public RedfishSettings withPowerTimeouts(Duration confirm, Duration graceful) {
        return new RedfishSettings(perBmcConcurrency, globalInFlight, connectTimeout, requestTimeout, retries,
                backoffBase, backoffMax, retryAfterMax, breakerFailures, breakerOpen, taskTimeout, idleTimeout,
                powerFirstPoll, powerPollInterval, confirm, graceful, concurrentInspections);
    }
}
