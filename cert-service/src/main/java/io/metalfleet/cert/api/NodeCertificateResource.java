package io.metalfleet.cert.api;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.metalfleet.cert.api.dto.BatchNodeCertificateRequest;
import io.metalfleet.cert.api.dto.BatchNodeCertificateResponse;
import io.metalfleet.cert.api.dto.CertificateView;
import io.metalfleet.cert.api.dto.ErrorResponse;
import io.metalfleet.cert.api.dto.NodeCertificateRequest;
import io.metalfleet.cert.api.dto.RenewRequest;
import io.metalfleet.cert.domain.NodeCertificateService;
import io.metalfleet.cert.domain.RenewalService;
import io.smallrye.mutiny.Uni;

/**
 * What nodes call. A node holds no user token: it proves itself with its product's identifier
 * (registration) or its current certificate and key (renewal), so these paths take no JWT.
 */
@Path("/v2/{project_id}/productmgr/nodes/certificates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "node certificates", description = "CSR signing and renewal for nodes")
@APIResponse(responseCode = "400", description = "Invalid CSR, bad signature, weak key, disallowed SAN, or another bad field: error_msg says which",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "401", description = "The identifier or the current certificate is not valid",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public class NodeCertificateResource {

    @Inject
    NodeCertificateService nodes;
    @Inject
    RenewalService renewals;

    @POST
    @Operation(summary = "Sign a node's CSR",
            description = "The node presents its product's identifier and a PKCS#10 CSR (subject CN = node name; SANs only the node name, <node>.<allowed suffix> and, when allowed, private IPs). Answers a certificate under the project CA, 30 days by default.")
    @APIResponse(responseCode = "201", description = "Signed", content = @Content(schema = @Schema(implementation = CertificateView.class)))
    public Uni<Response> sign(@PathParam("project_id") String projectId,
            @NotNull(message = "is required") @Valid NodeCertificateRequest request) {
        ProjectAccess.checkProjectId(projectId);
        return nodes.signForProduct(projectId, request.identifier(), request.csr(), request.validityDays())
                .map(view -> Response.status(201).entity(view).build());
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Sign many nodes' CSRs at once",
            description = "Batch registration: one product identifier and 1 to 200 CSRs. Items are independent; each refused CSR is listed with its index and reason, the others are signed and stored with their events in one transaction.")
    @APIResponse(responseCode = "201", description = "Signed (possibly with refused items)",
            content = @Content(schema = @Schema(implementation = BatchNodeCertificateResponse.class)))
    public Uni<Response> signBatch(@PathParam("project_id") String projectId,
            @NotNull(message = "is required") @Valid BatchNodeCertificateRequest request) {
        ProjectAccess.checkProjectId(projectId);
        return nodes.signBatchForProduct(projectId, request.identifier(), request.csrs(), request.validityDays())
                .map(result -> Response.status(201).entity(result).build());
    }

    @POST
    @Path("/renew")
    @Operation(summary = "Renew a node certificate",
            description = "The node presents its current, unexpired, unrevoked certificate and a CSR for the same name: with the same key (the CSR's signature proves possession) or a new key plus proof (a signature over the CSR's DER by the current key).")
    @APIResponse(responseCode = "201", description = "Renewed", content = @Content(schema = @Schema(implementation = CertificateView.class)))
    public Uni<Response> renew(@PathParam("project_id") String projectId, @NotNull(message = "is required") @Valid RenewRequest request) {
        ProjectAccess.checkProjectId(projectId);
        return renewals.renew(projectId, request).map(view -> Response.status(201).entity(view).build());
    }
}
