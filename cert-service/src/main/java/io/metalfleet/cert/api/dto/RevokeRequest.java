package io.metalfleet.cert.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why a certificate is revoked: an RFC 5280 reason name (default unspecified). */
@Schema(name = "RevokeRequest")
public record RevokeRequest(
        @Schema(description = "unspecified, keyCompromise, cACompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn, aACompromise", example = "keyCompromise") String reason) {
}
