package io.metalfleet.provisioning.compute.api.dto;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies that create catalog items (admin): ids optional (generated), {@code public} items are seen by every account. */
public final class CatalogRequests {

    private static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final String ID_MESSAGE = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private CatalogRequests() {
    }

    public record FlavorCreate(@NotNull @Valid Flavor flavor) {
    }

    public record Flavor(
            @Schema(description = "id (last segment of flavorRef); generated when absent") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @NotBlank @Size(max = 255) String name,
            @Schema(description = "at least this many CPU cores (all sockets)") @Min(0) @Max(100000) int cpuCores,
            @Schema(description = "at least this much memory, GiB") @Min(0) @Max(1048576) int ramGiB,
            @Schema(description = "at least this many GPUs") @Min(0) @Max(1024) int gpuCount,
            @Schema(description = "GPU model the machine's GPUs must name (substring, case-insensitive)") @Size(max = 255) String gpuModel,
            @JsonProperty("public") @Schema(description = "seen by every account") boolean isPublic) {
    }

    public record ImageCreate(@NotNull @Valid Image image) {
    }

    public record Image(
            @Schema(description = "id (last segment of imageRef); generated when absent") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @NotBlank @Size(max = 255) String name,
            @Schema(enumeration = { "Pxe", "UefiHttp", "VirtualMedia" }) @NotNull @Pattern(regexp = "Pxe|UefiHttp|VirtualMedia",
                    message = "must be Pxe, UefiHttp or VirtualMedia") String bootMethod,
            @Schema(description = "UefiHttp: the HttpBootUri (optional); VirtualMedia: the image URL (required); Pxe: none")
            @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String uri,
            @JsonProperty("public") @Schema(description = "seen by every account") boolean isPublic) {
    }

    public record SecurityGroupCreate(@JsonProperty("security_group") @NotNull @Valid SecurityGroup securityGroup) {
    }

    public record SecurityGroup(
            @Schema(description = "id (last segment of securityGroupRef); generated when absent") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
            @NotBlank @Size(max = 255) String name,
            @Size(max = 1024) String description,
            @JsonProperty("public") @Schema(description = "seen by every account") boolean isPublic) {
    }
}
