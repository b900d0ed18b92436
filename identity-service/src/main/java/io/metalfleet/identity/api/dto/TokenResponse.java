package io.metalfleet.identity.api.dto;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 6749 §5.1 access token response. */
@Schema(description = "OAuth 2.0 access token response (RFC 6749 §5.1)")
public record TokenResponse(
        @JsonProperty("access_token") @Schema(description = "ES256 JWT") String accessToken,
        @JsonProperty("token_type") @Schema(example = "Bearer") String tokenType,
        @JsonProperty("expires_in") @Schema(description = "Seconds until the token expires", example = "900") long expiresIn) {
}
