package io.metalfleet.cert.api.dto;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Renewal with the current certificate: the CSR either carries the same key (its signature proves
 * possession) or {@code proof} is a signature over the CSR's DER by the current key (rekeying).
 */
@Schema(name = "RenewRequest")
public record RenewRequest(
        @NotBlank(message = "is required") @Size(max = 16384, message = "must be at most 16 KiB")
        @Schema(description = "The current certificate (PEM)") String certificate,
        @NotBlank(message = "is required") @Size(max = 16384, message = "must be at most 16 KiB")
        @Schema(description = "PEM PKCS#10 request for the new certificate") String csr,
        @Size(max = 2048, message = "is too long")
        @Schema(description = "Base64 signature over the CSR's DER by the current key (SHA256withECDSA or SHA256withRSA); needed only for a new key") String proof,
        @JsonProperty("validity_days") @Min(value = 1, message = "must be at least 1") @Max(value = 3650, message = "is too long")
        Integer validityDays) {
}
