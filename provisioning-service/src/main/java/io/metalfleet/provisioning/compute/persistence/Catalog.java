package io.metalfleet.provisioning.compute.persistence;

import java.time.Instant;

/** The catalog items a server is built from; {@code project} null = public (every account sees it). */
public final class Catalog {

    private Catalog() {
    }

    /** Hardware a machine must at least have: matched against what inspection found. */
    public record Flavor(String id, String project, String name, int cpuCores, int ramGiB, int gpuCount, String gpuModel,
            Instant createdAt) {
    }

    /** How a machine boots the image: Pxe, UefiHttp (uri = HttpBootUri, optional) or VirtualMedia (uri = the ISO). */
    public record Image(String id, String project, String name, String bootMethod, String bootUri, Instant createdAt) {
    }

    public record SecurityGroup(String id, String project, String name, String description, Instant createdAt) {
    }

    /** The three catalog tables; the table name comes only from here, never from input. */
    public enum Kind {
        FLAVOR("compute_flavors", "flavor"), IMAGE("compute_images", "image"),
        SECURITY_GROUP("compute_security_groups", "security group");

        final String table;
        private final String label;

        Kind(String table, String label) {
            this.table = table;
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
