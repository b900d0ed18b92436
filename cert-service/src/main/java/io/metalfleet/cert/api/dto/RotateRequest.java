package io.metalfleet.cert.api.dto;

import jakarta.validation.constraints.PositiveOrZero;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** When the new CA generation starts signing (epoch seconds; now when absent). */
@Schema(name = "RotateRequest")
public record RotateRequest(
        @JsonProperty("signs_from") @PositiveOrZero(message = "must be epoch seconds") @Schema(description = "Epoch seconds") Long signsFrom) {
}
