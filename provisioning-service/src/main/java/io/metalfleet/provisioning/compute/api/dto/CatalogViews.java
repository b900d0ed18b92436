package io.metalfleet.provisioning.compute.api.dto;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Catalog items as read, each with self and bookmark links, and their list envelopes. */
public final class CatalogViews {

    private CatalogViews() {
    }

    public record Flavor(String id, String name, int cpuCores, int ramGiB, int gpuCount, String gpuModel,
            @JsonProperty("public") boolean isPublic, List<Link> links) {
    }

    public record Image(String id, String name, String bootMethod, String uri, String status,
            @JsonProperty("public") boolean isPublic, List<Link> links) {
    }

    public record SecurityGroup(String id, String name, String description, @JsonProperty("public") boolean isPublic,
            List<Link> links) {
    }

    public record OneFlavor(Flavor flavor) {
    }

    public record Flavors(List<Flavor> flavors) {
    }

    public record OneImage(Image image) {
    }

    public record Images(List<Image> images) {
    }

    public record OneSecurityGroup(@JsonProperty("security_group") SecurityGroup securityGroup) {
    }

    public record SecurityGroups(@JsonProperty("security_groups") List<SecurityGroup> securityGroups) {
    }
}
