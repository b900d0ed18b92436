package io.metalfleet.inventory.api.dto;

import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Merge-patch of the editable fields: absent fields stay as they are; tags are replaced whole. */
@Schema(description = "Fields to change; absent fields are left as they are. tags replaces all tags.")
public record UpdateServerRequest(
        @Size(max = 256) String displayName,
        @Size(max = 1024) String description,
        @Size(max = 64) Map<@NotNull @Pattern(regexp = Tags.KEY_PATTERN, message = Tags.KEY_MESSAGE) String,
                @NotNull @Size(max = 256) String> tags,
        @Size(max = 63) @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
                message = "must be lower-case letters, digits and '-', starting and ending with a letter or digit")
        String persona) {

    public boolean isEmpty() {
        return displayName == null && description == null && tags == null && persona == null;
    }
}
