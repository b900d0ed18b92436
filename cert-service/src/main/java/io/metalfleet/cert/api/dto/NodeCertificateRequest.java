package io.metalfleet.cert.api.dto;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A node asks for a certificate with its product's identifier and a PKCS#10 request. */
@Schema(name = "NodeCertificateRequest")
public record NodeCertificateRequest(
        @NotBlank(message = "is required") @Size(max = 200, message = "is not a product identifier")
        @Schema(description = "The product's identifier (from the product's creation)") String identifier,
        @NotBlank(message = "is required") @Size(max = 16384, message = "must be at most 16 KiB")
        @Schema(description = "PEM PKCS#10 request; subject CN = the node name") String csr,
        @JsonProperty("validity_days") @Min(value = 1, message = "must be at least 1") @Max(value = 3650, message = "is too long")
        @Schema(description = "Lifetime in days (default and upper bound from configuration)") Integer validityDays) {
}
