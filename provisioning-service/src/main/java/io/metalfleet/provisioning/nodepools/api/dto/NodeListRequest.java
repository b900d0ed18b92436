package io.metalfleet.provisioning.nodepools.api.dto;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Seed 003's body, for nodes/add and nodes/remove: {@code {"kind":"List","apiVersion":"v3","nodeList":[{"serverID"}]}}. */
@Schema(name = "NodeList")
public record NodeListRequest(
        @NotNull @Pattern(regexp = "List", message = "must be List") String kind,
        @NotNull @Pattern(regexp = "v3", message = "must be v3") String apiVersion,
        @NotEmpty(message = "must name at least one node") List<@NotNull @Valid Node> nodeList) {

    public record Node(@NotNull @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}", message = "must be a server id") String serverID) {
    }
}
