package io.metalfleet.cert.api;

import java.time.Instant;
import java.util.Base64;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.metalfleet.cert.api.dto.CertificateView;
import io.metalfleet.cert.api.dto.ErrorResponse;
import io.metalfleet.cert.api.dto.RevokeRequest;
import io.metalfleet.cert.api.dto.RotateRequest;
import io.metalfleet.cert.domain.CaQueries;
import io.metalfleet.cert.domain.CaService;
import io.metalfleet.cert.domain.Revocation;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/v2/{project_id}/ca")
@Authenticated
@Tag(name = "CA", description = "Project and cluster CAs: trust bundles, rotation, revocation, CRLs")
@SecurityRequirement(name = "xAuthToken")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "400", description = "Bad input", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "403", description = "The caller's role may not do this", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "404", description = "No such project or certificate for this caller", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
public class CaResource {

    public static final String PEM = "application/x-pem-file";
    public static final String PKIX_CRL = "application/pkix-crl";

    @Inject
    CaQueries cas;
    @Inject
    Revocation revocation;
    @Inject
    ProjectAccess access;

    @GET
    @Produces({ PEM, MediaType.APPLICATION_JSON })
    @Operation(summary = "The project's CA certificate chain",
            description = "Every trusted generation of the project CA as PEM, the one signing now first; created on first use.")
    @APIResponse(responseCode = "200", description = "PEM bundle", content = @Content(mediaType = PEM))
    public Uni<Response> bundle(@PathParam("project_id") String projectId) {
        access.requireRead(projectId);
        return cas.bundle(CaService.PROJECT, projectId).map(pem -> Response.ok(pem, PEM).build());
    }

    @POST
    @Path("/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ PEM, MediaType.APPLICATION_JSON })
    @Operation(summary = "Rotate the project CA",
            description = "A new generation signs from signs_from (now by default); the previous ones stay in the bundle until their last certificate expires.")
    @APIResponse(responseCode = "201", description = "The new bundle (PEM)", content = @Content(mediaType = PEM))
    public Uni<Response> rotate(@PathParam("project_id") String projectId, @Valid RotateRequest request) {
        access.requireAdmin(projectId);
        Instant from = request == null || request.signsFrom() == null ? Instant.now() : Instant.ofEpochSecond(request.signsFrom());
        return cas.rotate(CaService.PROJECT, projectId, from).map(pem -> Response.status(201).entity(pem).type(PEM).build());
    }

    @GET
    @Path("/crl")
    @Produces({ PEM, PKIX_CRL, MediaType.APPLICATION_JSON })
    @Operation(summary = "The project CA's CRL", description = "Signed, with nextUpdate. PEM by default; DER with format=der or Accept: application/pkix-crl.")
    @APIResponse(responseCode = "200", description = "The CRL", content = { @Content(mediaType = PEM), @Content(mediaType = PKIX_CRL) })
    public Uni<Response> crl(@PathParam("project_id") String projectId,
            @QueryParam("format") @Parameter(description = "pem (default) or der") String format,
            @QueryParam("generation") @Parameter(description = "CA generation (default: the one signing now)") String generation,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        access.requireRead(projectId);
        return crlOf(CaService.PROJECT, projectId, format, generation, accept);
    }

    @GET
    @Path("/clusters/{cluster_id}")
    @Produces({ PEM, MediaType.APPLICATION_JSON })
    @Operation(summary = "A cluster's CA certificate chain", description = "Trusted generations of the cluster CA (PEM).")
    @APIResponse(responseCode = "200", description = "PEM bundle", content = @Content(mediaType = PEM))
    public Uni<Response> clusterBundle(@PathParam("project_id") String projectId, @PathParam("cluster_id") String clusterId) {
        access.requireRead(projectId);
        checkCluster(clusterId);
        return cas.bundle(CaService.CLUSTER, clusterId).map(pem -> Response.ok(pem, PEM).build());
    }

    @POST
    @Path("/clusters/{cluster_id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ PEM, MediaType.APPLICATION_JSON })
    @Operation(summary = "Rotate a cluster's CA", description = "As for the project CA.")
    @APIResponse(responseCode = "201", description = "The new bundle (PEM)", content = @Content(mediaType = PEM))
    public Uni<Response> rotateCluster(@PathParam("project_id") String projectId, @PathParam("cluster_id") String clusterId,
            @Valid RotateRequest request) {
        access.requireAdmin(projectId);
        checkCluster(clusterId);
        Instant from = request == null || request.signsFrom() == null ? Instant.now() : Instant.ofEpochSecond(request.signsFrom());
        return cas.rotate(CaService.CLUSTER, clusterId, from).map(pem -> Response.status(201).entity(pem).type(PEM).build());
    }

    @GET
    @Path("/clusters/{cluster_id}/crl")
    @Produces({ PEM, PKIX_CRL, MediaType.APPLICATION_JSON })
    @Operation(summary = "A cluster CA's CRL")
    @APIResponse(responseCode = "200", description = "The CRL", content = { @Content(mediaType = PEM), @Content(mediaType = PKIX_CRL) })
    public Uni<Response> clusterCrl(@PathParam("project_id") String projectId, @PathParam("cluster_id") String clusterId,
            @QueryParam("format") String format, @QueryParam("generation") String generation,
            @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        access.requireRead(projectId);
        checkCluster(clusterId);
        return crlOf(CaService.CLUSTER, clusterId, format, generation, accept);
    }

    @GET
    @Path("/certificates/{serial}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A certificate issued to the project (product or node)")
    @APIResponse(responseCode = "200", description = "The certificate", content = @Content(schema = @Schema(implementation = CertificateView.class)))
    public Uni<CertificateView> certificate(@PathParam("project_id") String projectId, @PathParam("serial") String serial) {
        access.requireRead(projectId);
        return revocation.get(projectId, serial);
    }

    @POST
    @Path("/certificates/{serial}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a certificate", description = "With an RFC 5280 reason; it is in the issuing CA's next CRL and published as certificate.revoked.")
    @APIResponse(responseCode = "200", description = "The revoked certificate", content = @Content(schema = @Schema(implementation = CertificateView.class)))
    public Uni<CertificateView> revoke(@PathParam("project_id") String projectId, @PathParam("serial") String serial,
            @Valid RevokeRequest request) {
        access.requireWrite(projectId);
        return revocation.revoke(projectId, serial, request == null ? null : request.reason());
    }

    private Uni<Response> crlOf(String ownerType, String ownerId, String format, String generation, String accept) {
        boolean der;
        if (format == null || format.isEmpty()) {
            der = accept != null && accept.contains(PKIX_CRL);
        } else if (format.equals("der") || format.equals("pem")) {
            der = format.equals("der");
        } else {
            throw ApiException.badRequest("format", "must be pem or der");
        }
        Integer gen = generation == null || generation.isEmpty() ? null
                : ProductResource.number("generation", generation, 1, Integer.MAX_VALUE, 1);
        return revocation.crl(ownerType, ownerId, gen).map(bytes -> der ? Response.ok(bytes, PKIX_CRL).build()
                : Response.ok(pemOf(bytes), PEM).build());
    }

    private static String pemOf(byte[] der) {
        return "-----BEGIN X509 CRL-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END X509 CRL-----\n";
    }

    private static void checkCluster(String clusterId) {
        if (!clusterId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw ApiException.badRequest("cluster_id", "must be 1-64 letters, digits, '.', '_' and '-'");
        }
    }
}
