package io.metalfleet.cert.api.dto;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Seed 001's ProductRequest. */
@Schema(name = "ProductRequest", description = "Basic product information")
public record ProductRequest(
        @NotNull(message = "is required")
        @Size(max = 26, message = "must be at most 26 characters")
        @Pattern(regexp = "[a-z0-9]([a-z0-9-]*[a-z0-9])?", message = "must be lowercase letters, digits and hyphens, not starting or ending with a hyphen")
        @Schema(description = "Product name: at most 26 lowercase letters, digits and hyphens, not starting or ending with a hyphen", example = "test")
        String name,

        @Size(max = 255, message = "must be at most 255 characters")
        @Schema(description = "Product description", example = "")
        String description,

        @Size(max = 50, message = "at most 50 attributes")
        @Schema(description = "Product attributes")
        Map<@NotNull(message = "must not be null") @Size(min = 1, max = 128, message = "keys must be 1 to 128 characters") String,
            @NotNull(message = "must not be null") @Valid ProductAttributes> attributes,

        @Size(max = 20, message = "at most 20 tags")
        @Schema(description = "Product tags")
        List<@NotNull(message = "must not be null") @Valid Attribute> tags) {

    /** Seed 001's ProductAttributes. */
    @Schema(name = "ProductAttributes")
    public record ProductAttributes(
            @Size(max = 1024, message = "must be at most 1024 characters") @Schema(description = "Product attribute") String value,
            @Valid @Schema(description = "Basic information about the attribute") ProductMetadata metadata) {
    }

    /** Seed 001's ProductMetadata. */
    @Schema(name = "ProductMetadata")
    public record ProductMetadata(
            @Size(max = 64, message = "must be at most 64 characters") @Schema(description = "Product attribute type") String type) {
    }

    /** Seed 001's Attributes (a tag). */
    @Schema(name = "Attributes")
    public record Attribute(
            @NotNull(message = "is required")
            @Size(min = 1, max = 128, message = "must be 1 to 128 characters")
            @Pattern(regexp = "[A-Za-z0-9_-]*", message = "may contain only letters, digits, '_' and '-'")
            @Schema(description = "1 to 128 letters, digits, '_' and '-'") String key,
            @Size(min = 1, max = 256, message = "must be 1 to 256 characters")
            @Pattern(regexp = "[A-Za-z0-9_-]*", message = "may contain only letters, digits, '_' and '-'")
            @Schema(description = "1 to 256 letters, digits, '_' and '-'") String value) {
    }
}
