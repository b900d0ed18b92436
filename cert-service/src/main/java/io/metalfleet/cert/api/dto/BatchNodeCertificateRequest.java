package io.metalfleet.cert.api.dto;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Batch registration (seed 001's theme): one product identifier, up to 200 node CSRs. */
@Schema(name = "BatchNodeCertificateRequest")
public record BatchNodeCertificateRequest(
        @NotBlank(message = "is required") @Size(max = 200, message = "is not a product identifier")
        @Schema(description = "The product's identifier") String identifier,
        @NotNull(message = "is required") @Size(min = 1, max = 200, message = "must hold 1 to 200 requests")
        @Schema(description = "PEM PKCS#10 requests, one per node")
        List<@NotBlank(message = "is required") @Size(max = 16384, message = "must be at most 16 KiB") String> csrs,
        @JsonProperty("validity_days") @Min(value = 1, message = "must be at least 1") @Max(value = 3650, message = "is too long")
        Integer validityDays) {
}
