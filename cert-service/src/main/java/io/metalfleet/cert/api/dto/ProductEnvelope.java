package io.metalfleet.cert.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code {"product": {...}}}, as seed 001 answers. */
@Schema(name = "ProductEnvelope")
public record ProductEnvelope(ProductView product) {
}
