package io.metalfleet.cert.api.dto;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A page of products and how many the project has. */
@Schema(name = "ProductList")
public record ProductList(@Schema(description = "Products matching the query") long count, List<ProductView> products) {
}
