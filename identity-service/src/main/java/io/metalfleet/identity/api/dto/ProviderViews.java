package io.metalfleet.identity.api.dto;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.metalfleet.identity.persistence.ClusterEntity;
import io.metalfleet.identity.persistence.ProviderEntity;

/** Response bodies of the provider and cluster endpoints. */
public final class ProviderViews {

    private ProviderViews() {
    }

    @Schema(description = "Provider registered successfully")
    public record Registered(
            @Schema(description = "The Id of the newly registered provider") String providerId,
            @Schema(description = "The Oneprovider root token - bearing its identity and full authorization. Returned once.") String providerRootToken,
            @Schema(description = "The Id of the Onezone user that is linked to the Oneprovider panel admin account") String adminUserId) {
    }

    @Schema(description = "A registered provider")
    public record Provider(String providerId, String name, String domain, boolean subdomainDelegation, String subdomain,
            String adminEmail, List<String> opWorkerIpAddresses, Integer opWorkerPort, List<String> oneS3IpAddresses,
            Integer oneS3Port, Double latitude, Double longitude, String clusterId, String adminUserId, Instant createdAt) {

        public static Provider of(ProviderEntity p) {
            return new Provider(p.id, p.name, p.domain, p.subdomainDelegation, p.subdomain, p.adminEmail, p.opWorkerIpAddresses,
                    p.opWorkerPort, p.oneS3IpAddresses, p.oneS3Port, p.latitude, p.longitude, p.id, p.adminUserId, p.createdAt);
        }
    }

    @Schema(description = "A cluster: the one of a provider, with the same id")
    public record Cluster(String clusterId, @Schema(example = "oneprovider") String type,
            @Schema(description = "The provider this cluster serves") String serviceId, String adminUserId, Instant createdAt) {

        public static Cluster of(ClusterEntity c) {
            return new Cluster(c.id, c.type, c.providerId, c.adminUserId, c.createdAt);
        }
    }

    @Schema(description = "Provider ids")
    public record ProviderList(List<String> providers) {
    }

    @Schema(description = "Cluster ids")
    public record ClusterList(List<String> clusters) {
    }
}
