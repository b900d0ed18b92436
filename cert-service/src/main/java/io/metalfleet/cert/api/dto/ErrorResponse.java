package io.metalfleet.cert.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The provider's error shape (the seed family's Error Codes page): a code and a message naming the field. */
@Schema(name = "Error", description = "Every error answer")
public record ErrorResponse(
        @JsonProperty("error_code") @Schema(description = "Stable code, e.g. IEF.100001 for an invalid parameter", example = "IEF.100001") String errorCode,
        @JsonProperty("error_msg") @Schema(description = "What is wrong, naming the field", example = "invalid product.name: must be at most 26 characters") String errorMsg) {
}
