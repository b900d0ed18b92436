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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.metalfleet.provisioning.compute.api.dto.ServerCreateRequest;
import io.metalfleet.provisioning.compute.api.dto.ServerView;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * Servers on demand (seed 002) under {@code /accounts/{accountId}/flexcloud/servers}. Errors: {@code computeFault} /
 * {@code itemNotFound} bodies. {@link TokenServerResource} answers the same under {@code /servers}.
 */
@Path("/accounts/{accountId}/flexcloud/servers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Servers (seed 002)")
@Authenticated
public class ComputeServerResource {

    @Inject
    ComputeAccess access;
    @Inject
    ServerAnswers answers;
    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "ServerCreate: an available machine that fits the flavor, booted into the image (asynchronous)",
            description = "202 with Location = the server's self link; status BUILD, progress 0; adminPass returned only here.")
    @APIResponse(responseCode = "202", description = "accepted", content = @Content(schema = @Schema(implementation = ServerView.One.class)))
    @APIResponse(responseCode = "400", description = "computeFault: bad body, Bad imageRef / flavorRef / securityGroupRef")
    @APIResponse(responseCode = "404", description = "itemNotFound: the account does not exist for the caller")
    @APIResponse(responseCode = "409", description = "conflictingRequest: no available machine fits the flavor")
    public Uni<Response> create(@PathParam("accountId") String accountId, @NotNull @Valid ServerCreateRequest request) {
        return answers.create(ComputeViews.baseUrl(uri), access.write(accountId), access.subject(), request);
    }

    @GET
    @Path("/{serverId}")
    @Operation(summary = "One server: status, progress, hostId, addresses, fault after a failed build")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ServerView.One.class)))
    @APIResponse(responseCode = "404", description = "itemNotFound")
    public Uni<ServerView.One> get(@PathParam("accountId") String accountId, @PathParam("serverId") String serverId) {
        return answers.one(ComputeViews.baseUrl(uri), access.read(accountId), serverId);
    }

    @GET
    @Operation(summary = "The account's servers (id, name, status, links), newest first; DELETED ones with ?deleted=true")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ServerView.BriefPage.class)))
    @APIResponse(responseCode = "404", description = "itemNotFound: the account does not exist for the caller")
    public Uni<ServerView.BriefPage> list(@PathParam("accountId") String accountId,
            @QueryParam("deleted") @Parameter(description = "include DELETED servers") boolean deleted) {
        return answers.brief(ComputeViews.baseUrl(uri), access.read(accountId), deleted);
    }

    @GET
    @Path("/detail")
    @Operation(summary = "The account's servers in full")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ServerView.Page.class)))
    @APIResponse(responseCode = "404", description = "itemNotFound: the account does not exist for the caller")
    public Uni<ServerView.Page> detail(@PathParam("accountId") String accountId,
            @QueryParam("deleted") @Parameter(description = "include DELETED servers") boolean deleted) {
        return answers.detailed(ComputeViews.baseUrl(uri), access.read(accountId), deleted);
    }

    @DELETE
    @Path("/{serverId}")
    @Operation(summary = "Delete: status DELETED at once; the machine powered off, override cleared, media ejected, available again")
    @APIResponse(responseCode = "204", description = "deleted (also when it already was)")
    @APIResponse(responseCode = "404", description = "itemNotFound")
    public Uni<Response> delete(@PathParam("accountId") String accountId, @PathParam("serverId") String serverId) {
        return answers.delete(access.write(accountId), serverId);
    }
}
