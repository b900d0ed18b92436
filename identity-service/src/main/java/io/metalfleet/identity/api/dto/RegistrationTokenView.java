package io.metalfleet.identity.api.dto;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.metalfleet.identity.persistence.RegistrationTokenEntity;

/** A registration token as listed: never its secret. */
@Schema(description = "A provider registration token (without its secret)")
public record RegistrationTokenView(
        @Schema(description = "Token id: the part before the dot of the token") String id,
        String issuerUserId, Instant createdAt, Instant expiresAt,
        @Schema(description = "valid, used, revoked or expired") String state,
        @Schema(description = "The provider registered with it, once used") String consumedBy) {

    public static RegistrationTokenView of(RegistrationTokenEntity token, String state) {
        return new RegistrationTokenView(token.id, token.issuerUserId, token.createdAt, token.expiresAt, state, token.consumedBy);
    }
}
