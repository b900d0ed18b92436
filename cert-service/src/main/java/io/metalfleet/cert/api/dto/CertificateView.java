package io.metalfleet.cert.api.dto;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An issued certificate (public material only). */
@Schema(name = "Certificate")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CertificateView(
        @Schema(description = "Serial number, hex") String serial,
        @Schema(description = "Subject DN") String subject,
        @Schema(description = "Subject alternative names, DNS:… and IP:…") List<String> sans,
        @JsonProperty("not_before") @Schema(description = "Epoch seconds") long notBefore,
        @JsonProperty("not_after") @Schema(description = "Epoch seconds") long notAfter,
        @Schema(description = "valid, revoked or expired") String status,
        @JsonProperty("revocation_reason") @Schema(description = "RFC 5280 reason name when revoked") String revocationReason,
        @Schema(description = "The certificate (PEM)") String certificate,
        @Schema(description = "The issuing CA's trust bundle (PEM)") String ca) {
}
