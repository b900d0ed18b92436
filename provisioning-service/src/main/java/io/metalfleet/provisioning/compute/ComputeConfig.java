package io.metalfleet.provisioning.compute;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and timeouts of servers on demand (seed 002); each has an environment variable (METALFLEET_COMPUTE_…). */
@ConfigMapping(prefix = "metalfleet.compute")
public interface ComputeConfig {

    /** A build whose machine does not report BootProgress OSRunning within this long (from the create) fails. */
    @WithDefault("PT10M")
    Duration buildTimeout();

    /** How often the build worker looks for due steps, and how often a booting machine's BootProgress is read. */
    @WithDefault("PT2S")
    Duration pollInterval();

    /** Steps one worker round claims at most (each waits mostly on its BMC). */
    @WithDefault("200")
    int stepsPerRound();

    /** A step claimed by a replica that stopped is taken over after this long. */
    @WithDefault("PT5M")
    Duration lease();

    /** A machine that cannot be released (powered off, override cleared) within this long is marked error. */
    @WithDefault("PT15M")
    Duration releaseTimeout();

    /** Release attempts that failed are retried after this long. */
    @WithDefault("PT10S")
    Duration releaseRetry();

    /** PBKDF2-HMAC-SHA256 iterations of the stored admin password hash. */
    @WithDefault("210000")
    int adminPassHashIterations();

    /** Length of a generated admin password (letters and digits). */
    @WithDefault("24")
    int generatedAdminPassLength();

    /** Servers one list answers at most (newest first). */
    @WithDefault("1000")
    int listLimit();
}
