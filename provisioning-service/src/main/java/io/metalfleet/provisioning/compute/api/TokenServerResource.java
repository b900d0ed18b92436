package io.metalfleet.provisioning.compute.api;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.metalfleet.provisioning.compute.api.dto.ServerCreateRequest;
import io.metalfleet.provisioning.compute.api.dto.ServerView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * Seed 002's "alternative URI /servers": the account is the one the token names (exactly one project in its
 * {@code projects} claim, else 400). Links in the answers use the account's full path.
 */
@Path("/servers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Servers (seed 002)")
@Authenticated
public class TokenServerResource {

    @Inject
    ComputeAccess access;
    @Inject
    ServerAnswers answers;
    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "ServerCreate for the account of the token (its only project)")
    @APIResponse(responseCode = "202", description = "accepted", content = @Content(schema = @Schema(implementation = ServerView.One.class)))
    @APIResponse(responseCode = "400", description = "computeFault: bad body or refs, or the token names no single project")
    @APIResponse(responseCode = "409", description = "conflictingRequest: no available machine fits the flavor")
    public Uni<Response> create(@NotNull @Valid ServerCreateRequest request) {
        return answers.create(ComputeViews.baseUrl(uri), access.write(access.fromToken()), access.subject(), request);
    }

    @GET
    @Path("/{serverId}")
    @Operation(summary = "One server of the token's account")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ServerView.One.class)))
    @APIResponse(responseCode = "404", description = "itemNotFound")
    public Uni<ServerView.One> get(@PathParam("serverId") String serverId) {
        return answers.one(ComputeViews.baseUrl(uri), access.read(access.fromToken()), serverId);
    }

    @GET
    @Operation(summary = "The token's account's servers (id, name, status, links)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ServerView.BriefPage.class)))
    public Uni<ServerView.BriefPage> list(@QueryParam("deleted") boolean deleted) {
        return answers.brief(ComputeViews.baseUrl(uri), access.read(access.fromToken()), deleted);
    }

    @GET
    @Path("/detail")
    @Operation(summary = "The token's account's servers in full")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ServerView.Page.class)))
    public Uni<ServerView.Page> detail(@QueryParam("deleted") boolean deleted) {
        return answers.detailed(ComputeViews.baseUrl(uri), access.read(access.fromToken()), deleted);
    }

    @DELETE
    @Path("/{serverId}")
    @Operation(summary = "Delete a server of the token's account")
    @APIResponse(responseCode = "204", description = "deleted (also when it already was)")
    @APIResponse(responseCode = "404", description = "itemNotFound")
    public Uni<Response> delete(@PathParam("serverId") String serverId) {
        return answers.delete(access.write(access.fromToken()), serverId);
    }
}
