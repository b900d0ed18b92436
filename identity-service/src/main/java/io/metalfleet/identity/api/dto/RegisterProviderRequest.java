package io.metalfleet.identity.api.dto;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Seed 004's request body, for the OpenAPI document (the body is validated key by key by ProviderRegistration). */
@Schema(description = "Provider registration request")
public record RegisterProviderRequest(
        @Schema(required = true, description = "Token for registering a new Oneprovider") String token,
        @Schema(required = true, description = "Oneprovider name") String name,
        @Schema(required = true, description = "Contact email address of the Oneprovider admin") String adminEmail,
        @Schema(required = true, description = "When enabled, Oneprovider will be assigned a subdomain within Onezone's domain; subdomain and opWorkerIpAddresses must then be given; otherwise domain") Boolean subdomainDelegation,
        @Schema(description = "Unique subdomain in onezone's domain for the Oneprovider. Required if subdomain delegation is enabled.") String subdomain,
        @Schema(description = "Deprecated in favor of opWorkerIpAddresses", deprecated = true) List<String> ipList,
        @Schema(description = "Oneprovider Worker IPv4 addresses advertised by Onezone on behalf of the Oneprovider") List<String> opWorkerIpAddresses,
        @Schema(description = "The port number of Oneprovider Worker", minimum = "1", maximum = "65535") Integer opWorkerPort,
        @Schema(description = "OneS3 IPv4 addresses; must be provided alongside oneS3Port") List<String> oneS3IpAddresses,
        @Schema(description = "OneS3 port; must be provided alongside oneS3IpAddresses", minimum = "1", maximum = "65535") Integer oneS3Port,
        @Schema(description = "FQDN or IP address of the Oneprovider. Required if subdomain delegation is disabled.") String domain,
        @Schema(description = "Latitude of the data center", minimum = "-90", maximum = "90") Double latitude,
        @Schema(description = "Longitude of the data center", minimum = "-180", maximum = "180") Double longitude) {
}
