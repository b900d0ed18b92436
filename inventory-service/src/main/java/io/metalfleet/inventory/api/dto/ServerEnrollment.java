package io.metalfleet.inventory.api.dto;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One item of batchCreate. Validated item by item, so a bad item fails alone. */
@Schema(description = "A server to enroll by its BMC address.")
public record ServerEnrollment(
        @Schema(description = "BMC address: host, host:port, https://host[:port] (IPv4, [IPv6] or DNS name).",
                examples = "https://10.20.1.15", required = true)
        @NotBlank @Size(max = 255) String bmcAddress,

        @Schema(description = "Labels; keys 1-63 chars of letters, digits, '-', '_', '.', '/' starting and ending alphanumeric, values up to 256 chars. At most 64.")
        @Size(max = 64) Map<@NotNull @Pattern(regexp = Tags.KEY_PATTERN, message = Tags.KEY_MESSAGE) String,
                @NotNull @Size(max = 256) String> tags,

        @Schema(description = "Human-readable name.", examples = "rack12-u07")
        @Size(max = 256) String displayName,

        @Schema(description = "Free text.")
        @Size(max = 1024) String description,

        @Schema(description = "Role the server is enrolled for, e.g. compute, storage, gpu.", examples = "compute")
        @Size(max = 63) @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
                message = "must be lower-case letters, digits and '-', starting and ending with a letter or digit")
        String persona,

        @Schema(description = "Write-only BMC credentials; when absent the project's default credentials apply. Never returned.")
        @Valid BmcCredentialsInput bmcCredentials) {
}
