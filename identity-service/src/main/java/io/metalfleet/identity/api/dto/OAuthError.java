package io.metalfleet.identity.api.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 6749 §5.2 error response of the token endpoint. */
@Schema(description = "OAuth 2.0 error (RFC 6749 §5.2)")
public record OAuthError(
        @Schema(example = "invalid_grant") String error,
        @JsonProperty("error_description") @Schema(example = "the resource owner credentials are invalid") String errorDescription) {
}
