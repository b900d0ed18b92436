package io.metalfleet.identity.api;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.identity.api.dto.ErrorResponse;
import io.metalfleet.identity.api.dto.ProviderViews;
import io.metalfleet.identity.api.dto.RegisterProviderRequest;
import io.metalfleet.identity.config.IdentityConfig;
import io.metalfleet.identity.domain.ProviderRegistration;
import io.metalfleet.identity.domain.ProviderService;
import io.metalfleet.identity.domain.ProviderService.Viewer;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Providers and their clusters (seed 004). Registration is public: the registration token in the body is the credential. */
@Path("/api/v3/onezone")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "providers", description = "Oneprovider registration, providers and clusters (seed 004)")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@APIResponse(responseCode = "400", description = "Invalid request", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "401", description = "Authentication error", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "403", description = "Authorization error", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "404", description = "Resource not found", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "500", description = "Internal server Error", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public class ProviderResource {

    @Inject
    ProviderService providers;
    @Inject
    Caller caller;
    @Inject
    IdentityConfig config;

    @POST
    @Path("/providers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register provider",
            description = "Registers a Oneprovider in Onezone service. Upon success, a new cluster is created, with the registering user linked to it. The cluster Id is the same as Oneprovider Id. Requires a valid provider registration token. This operation has public access.")
    @RequestBody(description = "Provider registration request", required = true,
            content = @Content(schema = @Schema(implementation = RegisterProviderRequest.class)))
    @APIResponse(responseCode = "200", description = "Provider registered successfully",
            content = @Content(schema = @Schema(implementation = ProviderViews.Registered.class)))
    public Uni<ProviderViews.Registered> register(JsonNode body) {
        ProviderRegistration request = ProviderRegistration.parse(body, config.registration().zoneDomain());
        return providers.register(request, Instant.now());
    }

    @GET
    @Path("/providers")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "List providers", description = "All for an admin; those a user administers; a provider itself.")
    @APIResponse(responseCode = "200", description = "Provider ids", content = @Content(schema = @Schema(implementation = ProviderViews.ProviderList.class)))
    public Uni<ProviderViews.ProviderList> list() {
        return providers.list(viewer());
    }

    @GET
    @Path("/providers/{id}")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Get provider details")
    @APIResponse(responseCode = "200", description = "The provider", content = @Content(schema = @Schema(implementation = ProviderViews.Provider.class)))
    public Uni<ProviderViews.Provider> get(@PathParam("id") String id) {
        return providers.get(id, viewer());
    }

    @DELETE
    @Path("/providers/{id}")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Delete provider", description = "Removes the provider and its cluster; provider.deleted is published.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") String id) {
        return providers.delete(id, viewer(), Instant.now()).replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/clusters")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "List clusters", description = "All for an admin; those a user administers; a provider's own.")
    @APIResponse(responseCode = "200", description = "Cluster ids", content = @Content(schema = @Schema(implementation = ProviderViews.ClusterList.class)))
    public Uni<ProviderViews.ClusterList> clusters() {
        return providers.clusters(viewer());
    }

    @GET
    @Path("/user/clusters")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "List the caller's clusters")
    @APIResponse(responseCode = "200", description = "Cluster ids", content = @Content(schema = @Schema(implementation = ProviderViews.ClusterList.class)))
    public Uni<ProviderViews.ClusterList> userClusters() {
        Viewer viewer = viewer();
        return providers.clusters(new Viewer(viewer.subject(), false, viewer.provider()));
    }

    @GET
    @Path("/clusters/{id}")
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Get cluster details")
    @APIResponse(responseCode = "200", description = "The cluster", content = @Content(schema = @Schema(implementation = ProviderViews.Cluster.class)))
    public Uni<ProviderViews.Cluster> cluster(@PathParam("id") String id) {
        return providers.cluster(id, viewer());
    }

    private Viewer viewer() {
        return new Viewer(caller.subject(), caller.isAdmin(), caller.isProvider());
    }
}
