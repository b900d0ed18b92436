package io.metalfleet.cert.api.dto;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Seed 001's ProductResponse. {@code private_key}, {@code package} and {@code identifier} are only in
 * the creation answer (null, hence absent, afterwards): they are returned once and not kept.
 */
@Schema(name = "ProductResponse")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductView(
        @Schema(description = "Product ID") String id,
        @Schema(description = "Product name") String name,
        @Schema(description = "Product description") String description,
        @Schema(description = "Product attributes") Map<String, ProductRequest.ProductAttributes> attributes,
        @JsonProperty("project_id") @Schema(description = "Project ID") String projectId,
        @JsonProperty("created_at") @Schema(description = "Creation time, epoch seconds") long createdAt,
        @Schema(description = "Product tags") List<ProductRequest.Attribute> tags,
        @JsonProperty("private_key") @Schema(description = "Product private key (PKCS#8 PEM), in the creation answer only") String privateKey,
        @Schema(description = "Product certificate (PEM)") String certificate,
        @Schema(description = "Product root certificate: the project CA (PEM)") String ca,
        @JsonProperty("package") @Schema(description = "Base64 of a tar.gz holding <name>/product.crt, <name>/product.key and <name>/ca.crt; creation answer only") String packageBase64,
        @Schema(description = "Credential for token-based registration, <product id>.<secret>; creation answer only") String identifier) {

    /** The same product without what is shown once. */
    public ProductView withoutSecrets() {
        return new ProductView(id, name, description, attributes, projectId, createdAt, tags, null, certificate, ca, null, null);
    }
}
