package io.metalfleet.provisioning.api;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

import io.metalfleet.provisioning.api.dto.BatchPowerRequest;
import io.metalfleet.provisioning.api.dto.ErrorResponse;
import io.metalfleet.provisioning.api.dto.OperationView;
import io.metalfleet.provisioning.domain.FleetOperations;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Fleet power/boot operations under inventory's path: batchPower, then the operation it created. */
@Path("/v1/regions/{region}/projects/{project}/infrastructure")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Fleet operations")
@Authenticated
public class OperationResource {

    @Inject
    ProjectAccess access;
    @Inject
    FleetOperations operations;

    @POST
    @Path("/servers:batchPower")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Power action and/or boot override on many servers",
            description = "Servers by id or by selector; answers 202 with the operation (Location header) at once.")
    @APIResponse(responseCode = "202", description = "operation created", content = @Content(schema = @Schema(implementation = OperationView.class)))
    @APIResponse(responseCode = "400", description = "bad input", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "404", description = "project or servers not found", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<Response> batchPower(@PathParam("region") String region, @PathParam("project") String project,
            @NotNull @Valid BatchPowerRequest request) {
        access.requireWrite(region, project);
        return operations.batchPower(region, project, request, access.subject())
                .map(op -> Response.accepted(op).location(URI.create(op.selfLink())).build());
    }

    @GET
    @Path("/operations/{operation}")
    @Operation(summary = "One operation with counts per state and per-server results")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OperationView.class)))
    @APIResponse(responseCode = "404", description = "not found", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<OperationView> get(@PathParam("region") String region, @PathParam("project") String project,
            @PathParam("operation") String id) {
        access.requireRead(region, project);
        return operations.get(region, project, id);
    }

    @GET
    @Path("/operations")
    @Operation(summary = "The project's latest 100 operations, newest first, with counts")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OperationView.Page.class)))
    public Uni<OperationView.Page> list(@PathParam("region") String region, @PathParam("project") String project) {
        access.requireRead(region, project);
        return operations.list(region, project);
    }

    @POST
    @Path("/operations/{operation}:cancel")
    @Operation(summary = "Cancel: servers not started yet are not touched; started ones finish")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OperationView.class)))
    @APIResponse(responseCode = "404", description = "not found", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<OperationView> cancel(@PathParam("region") String region, @PathParam("project") String project,
            @PathParam("operation") String id) {
        access.requireWrite(region, project);
        return operations.cancel(region, project, id);
    }
}
