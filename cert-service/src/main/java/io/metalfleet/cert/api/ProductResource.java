package io.metalfleet.cert.api;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.metalfleet.cert.api.dto.CreateProductRequest;
import io.metalfleet.cert.api.dto.ErrorResponse;
import io.metalfleet.cert.api.dto.ProductEnvelope;
import io.metalfleet.cert.api.dto.ProductList;
import io.metalfleet.cert.domain.ProductService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/v2/{project_id}/productmgr/products")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "products", description = "Batch node registration: products and their certificates (seed 001)")
@SecurityScheme(securitySchemeName = "xAuthToken", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = "X-Auth-Token", description = "JWT of the suite's issuer, as seed 001 names it")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "xAuthToken")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "400", description = "Bad input: error_msg names the field",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "401", description = "No valid token", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "403", description = "The caller's role may not do this",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "404", description = "No such project or product for this caller",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public class ProductResource {

    private static final int MAX_LIMIT = 1000;

    @Inject
    ProductService products;
    @Inject
    ProjectAccess access;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a batch node registration job (a product)",
            description = "Signs a product certificate and key under the project CA (created on first use). The answer carries private_key, package (base64 tar.gz of product.crt, product.key, ca.crt) and identifier ONCE; they are not stored and never returned again.")
    @APIResponse(responseCode = "201", description = "Creation succeeded", content = @Content(schema = @Schema(implementation = ProductEnvelope.class)))
    @APIResponse(responseCode = "409", description = "A product of that name exists in the project",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<Response> create(@PathParam("project_id") @Parameter(description = "Project ID") String projectId,
            @HeaderParam("ief-instance-id") @Parameter(description = "Platinum edition instance ID (optional)") String iefInstanceId,
            @NotNull(message = "is required") @Valid CreateProductRequest body) {
        access.requireWrite(projectId);
        if (iefInstanceId != null && !iefInstanceId.isEmpty() && !iefInstanceId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ApiException.badRequest("ief-instance-id", "must be 1-64 letters, digits, '_' and '-'");
        }
        String instance = iefInstanceId == null || iefInstanceId.isEmpty() ? null : iefInstanceId;
        return products.create(projectId, body.product(), instance)
                .map(view -> Response.status(201).entity(new ProductEnvelope(view)).build());
    }

    @GET
    @Operation(summary = "List products", description = "Products of the project in creation order (never a private key, package or identifier).")
    @APIResponse(responseCode = "200", description = "A page of products", content = @Content(schema = @Schema(implementation = ProductList.class)))
    public Uni<ProductList> list(@PathParam("project_id") String projectId,
            @QueryParam("name") @Parameter(description = "Only the product of this name") String name,
            @QueryParam("offset") @Parameter(description = "Products to skip (default 0)") String offset,
            @QueryParam("limit") @Parameter(description = "Page size (default 100, at most 1000)") String limit) {
        access.requireRead(projectId);
        return products.list(projectId, name, number("offset", offset, 0, Integer.MAX_VALUE, 0),
                number("limit", limit, 1, MAX_LIMIT, 100));
    }

    @GET
    @Path("/{product_id}")
    @Operation(summary = "Get a product", description = "The product with its certificate and CA; never its private key, package or identifier.")
    @APIResponse(responseCode = "200", description = "The product", content = @Content(schema = @Schema(implementation = ProductEnvelope.class)))
    public Uni<ProductEnvelope> get(@PathParam("project_id") String projectId, @PathParam("product_id") String productId) {
        access.requireRead(projectId);
        return products.get(projectId, productId).map(ProductEnvelope::new);
    }

    @DELETE
    @Path("/{product_id}")
    @Operation(summary = "Delete a product", description = "Deletes the product and revokes its certificate (reason cessationOfOperation); its identifier stops working.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("project_id") String projectId, @PathParam("product_id") String productId) {
        access.requireWrite(projectId);
        return products.delete(projectId, productId).map(ignored -> Response.noContent().build());
    }

    static int number(String field, String raw, int min, int max, int fallback) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw ApiException.badRequest(field, "must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field, "must be a whole number, got '" + raw + "'");
        }
    }
}
