package io.metalfleet.provisioning.compute.api.dto;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Seed 002's ServerCreate body: {@code {"server":{name, imageRef, flavorRef, securityGroupRef, adminPass?, zone}}}. */
public record ServerCreateRequest(@NotNull @Valid Server server) {

    public record Server(
            @Schema(description = "Display name for this server") @NotBlank @Size(max = 255) String name,
            @Schema(description = "Absolute URL of the Image to use (…/flexcloud/images/{image_id}/)") String imageRef,
            @Schema(description = "Absolute URL of the Flavor to use (…/flexcloud/flavors/{flavor_id}/)") String flavorRef,
            @Schema(description = "Absolute URL of the SecurityGroup to use (…/flexcloud/os-security-groups/{id}/)") String securityGroupRef,
            @Schema(description = "Initial admin password; generated (and returned once) when not given", writeOnly = true)
            @Size(min = 8, max = 255) String adminPass,
            @Schema(description = "Zone text key") @NotBlank @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}", message = "must be 1-64 letters, digits, '_', '.' or '-'") String zone) {

        @Override
        public String toString() {
            return "Server[name=" + name + ", zone=" + zone + "]";
        }
    }
}
