package io.metalfleet.identity.api.dto;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Seed 004's error body: {@code {"error":{"id","details","description"}}}. */
@Schema(description = "An error, as Onezone answers it")
public record ErrorResponse(ErrorBody error) {

    @Schema(description = "Object describing an error")
    public record ErrorBody(
            @Schema(description = "Error id, e.g. badValueString, missingRequiredValue, badValueToken", example = "badValueString") String id,
            @Schema(description = "Details; validation errors name the key", example = "{\"key\":\"name\"}") Map<String, Object> details,
            @Schema(description = "Human readable description", example = "Bad value: provided \"name\" must be a string.") String description) {
    }

    public static ErrorResponse of(String id, Map<String, Object> details, String description) {
        return new ErrorResponse(new ErrorBody(id, details, description));
    }
}
