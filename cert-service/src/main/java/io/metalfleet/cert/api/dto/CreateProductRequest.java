package io.metalfleet.cert.api.dto;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /v2/{project_id}/productmgr/products}. */
@Schema(name = "CreateProductRequest")
public record CreateProductRequest(
        @NotNull(message = "is required") @Valid @Schema(required = true, description = "Basic product information") ProductRequest product) {
}
