package io.metalfleet.provisioning.nodepools;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits, timeouts and the key of node pools and their jobs (seed 003); each has an environment variable. */
@ConfigMapping(prefix = "metalfleet.nodepools")
public interface NodePoolConfig {

    /** Most nodes one nodes/add or nodes/remove may name (the seed's limit). */
    @WithDefault("200")
    int maxNodesPerRequest();

    /** A node whose certificate is not issued this long after its job was created fails its sub-job. */
    @WithDefault("PT10M")
    Duration joinDeadline();

    /** How often open jobs are checked: past-deadline nodes failed, Initializing jobs left behind resumed. */
    @WithDefault("PT5S")
    Duration sweepInterval();

    /** An Initializing job older than this is resumed by the sweep (its replica may have stopped). */
    @WithDefault("PT30S")
    Duration initializeGrace();

    /** Most node pools one cluster may have in one project. */
    @WithDefault("100")
    int maxPoolsPerCluster();

    NodeKeys nodeKeys();

    interface NodeKeys {
        /** Base64 of 32 random bytes: the AES-256-GCM key the nodes' private keys are sealed under at rest. */
        String encryptionKey();

        /** Stored with each sealed key, so that a rotated key can be told apart. */
        @WithDefault("node-kek-1")
        String encryptionKeyId();
    }
}
