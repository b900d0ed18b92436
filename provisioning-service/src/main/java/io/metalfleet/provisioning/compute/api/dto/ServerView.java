package io.metalfleet.provisioning.compute.api.dto;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A server as seed 002 writes it. {@code adminPass} only in the create answer; {@code fault} only after a failed build. */
@JsonPropertyOrder({ "status", "updated", "hostId", "addresses", "links", "image", "securityGroup", "userId", "flavor", "id",
        "zone", "name", "adminPass", "created", "tenantId", "accessIPv4", "accessIPv6", "progress", "metadata", "fault" })
public record ServerView(
        @Schema(enumeration = { "BUILD", "ACTIVE", "PROCESSING", "SUSPENDED", "DELETED", "UNKNOWN" }) String status,
        @Schema(description = "Unused, always null") Object updated,
        @Schema(description = "The machine's server id; empty while BUILD") String hostId,
        @Schema(description = "{\"public\":[…],\"private\":[{\"version\":4,\"addr\":…}]}") JsonNode addresses,
        List<Link> links,
        CatalogRef image,
        CatalogRef securityGroup,
        String userId,
        CatalogRef flavor,
        String id,
        String zone,
        String name,
        @JsonInclude(JsonInclude.Include.NON_NULL) String adminPass,
        @Schema(description = "ISO 8601; empty while BUILD") String created,
        @Schema(description = "Unused, always null") Object tenantId,
        @JsonProperty("accessIPv4") String accessIPv4,
        @JsonProperty("accessIPv6") @Schema(description = "Unused, always null") Object accessIPv6,
        @Schema(description = "0, 50 or 100") int progress,
        Map<String, Object> metadata,
        @JsonInclude(JsonInclude.Include.NON_NULL) Fault fault) {

    public record CatalogRef(String id, String name, List<Link> links) {
    }

    public record Fault(int code, String message, String details, String created) {
    }

    /** {@code {"server":{…}}} */
    public record One(ServerView server) {
    }

    /** {@code {"servers":[…]}} */
    public record Page(List<ServerView> servers) {
    }

    /** {@code {"servers":[{id, name, status, links}]}} (the short list) */
    public record Brief(String id, String name, String status, List<Link> links) {
    }

    public record BriefPage(List<Brief> servers) {
    }
}
