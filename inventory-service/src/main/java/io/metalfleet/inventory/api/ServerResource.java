package io.metalfleet.inventory.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.metalfleet.inventory.api.dto.BatchCreateServersRequest;
import io.metalfleet.inventory.api.dto.BatchCreateServersResponse;
import io.metalfleet.inventory.api.dto.BmcCredentialsInput;
import io.metalfleet.inventory.api.dto.DefaultCredentialsView;
import io.metalfleet.inventory.api.dto.ErrorResponse;
import io.metalfleet.inventory.api.dto.ServerList;
import io.metalfleet.inventory.api.dto.ServerView;
import io.metalfleet.inventory.api.dto.Tags;
import io.metalfleet.inventory.api.dto.UpdateServerRequest;
import io.metalfleet.inventory.domain.EnrollmentService;
import io.metalfleet.inventory.domain.HealthState;
import io.metalfleet.inventory.domain.ProvisioningState;
import io.metalfleet.inventory.domain.ServerService;
import io.metalfleet.inventory.persistence.ServerRepository.ServerFilter;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/v1/regions/{region}/projects/{project}/infrastructure")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "servers", description = "Enrollment and the server inventory")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "400", description = "Bad input: the message and details name the field",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "403", description = "The caller's role may not do this",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "404", description = "No such project or server for this caller",
        content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public class ServerResource {

    @Inject
    EnrollmentService enrollment;
    @Inject
    ServerService servers;
    @Inject
    ProjectAccess access;

    @POST
    @Path("/servers:batchCreate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Bulk enroll servers",
            description = "Enrolls up to 1,000 servers by BMC address. Items are independent: valid ones are stored even when others fail; each failure carries its index. A BMC already enrolled in the project, or twice in the request, fails with 409.")
    @APIResponse(responseCode = "200", description = "Bulk enrollment results",
            content = @Content(schema = @Schema(implementation = BatchCreateServersResponse.class)))
    public Uni<BatchCreateServersResponse> batchCreate(@PathParam("region") @Parameter(description = "Region identifier") String region,
            @PathParam("project") @Parameter(description = "Project identifier") String project,
            @NotNull(message = "request body is required") @Valid BatchCreateServersRequest request) {
        access.requireWrite(region, project);
        return Detached.run(enrollment.enroll(region, project, request));
    }

    @GET
    @Path("/servers")
    @Operation(summary = "List servers",
            description = "Servers of the project in enrollment order, filtered, one page at a time (AIP-158).")
    @APIResponse(responseCode = "200", description = "A page of servers",
            content = @Content(schema = @Schema(implementation = ServerList.class)))
    public Uni<ServerList> list(@PathParam("region") String region, @PathParam("project") String project,
            @QueryParam("provisioningState") @Parameter(description = "Only servers in this state") String provisioningState,
            @QueryParam("persona") @Parameter(description = "Only servers with this persona") String persona,
            @QueryParam("healthStatus") @Parameter(description = "Only servers with this health status") String healthStatus,
            @QueryParam("tag") @Parameter(description = "key=value; repeat for several (all must match)") List<String> tags,
            @QueryParam("pageSize") @Parameter(description = "Default 50, at most 1000", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER)) String pageSize,
            @QueryParam("pageToken") @Parameter(description = "nextPageToken of the previous page") String pageToken) {
        access.requireRead(region, project);
        if (provisioningState != null && ProvisioningState.fromApiName(provisioningState).isEmpty()) {
            throw ApiException.badRequest("provisioningState", "unknown value " + provisioningState);
        }
        if (healthStatus != null && HealthState.fromApiName(healthStatus).isEmpty()) {
            throw ApiException.badRequest("healthStatus", "unknown value " + healthStatus);
        }
        return Detached.run(servers.list(region, project,
                new ServerFilter(provisioningState, persona, healthStatus, tagFilter(tags)), pageSize(pageSize), pageToken));
    }

    @GET
    @Path("/servers/{server}")
    @Operation(summary = "Get a server")
    @APIResponse(responseCode = "200", description = "The server",
            content = @Content(schema = @Schema(implementation = ServerView.class)))
    public Uni<ServerView> get(@PathParam("region") String region, @PathParam("project") String project,
            @PathParam("server") String id) {
        access.requireRead(region, project);
        // Not Detached: this read runs on the pool without a Hibernate session, and the pool itself
        // returns the connection when a cancelled query completes.
        return servers.get(region, project, id);
    }

    @PATCH
    @Path("/servers/{server}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    @Operation(summary = "Update a server", description = "Changes displayName, description, tags (replaced whole) or persona.")
    @APIResponse(responseCode = "200", description = "The updated server",
            content = @Content(schema = @Schema(implementation = ServerView.class)))
    @APIResponse(responseCode = "409", description = "The server is being deleted, or another edit of it committed first (read it again and retry)",
            content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<ServerView> update(@PathParam("region") String region, @PathParam("project") String project,
            @PathParam("server") String id, @NotNull(message = "request body is required") @Valid UpdateServerRequest patch) {
        access.requireWrite(region, project);
        return Detached.run(servers.update(region, project, id, patch));
    }

    @DELETE
    @Path("/servers/{server}")
    @Operation(summary = "Delete a server",
            description = "Removes the server at once (204) unless provisioning-service holds the machine; then it is marked deleting (202) and removed when provisioning releases it.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "202", description = "Marked deleting until provisioning releases the machine",
            content = @Content(schema = @Schema(implementation = ServerView.class)))
    public Uni<Response> delete(@PathParam("region") String region, @PathParam("project") String project,
            @PathParam("server") String id) {
        access.requireWrite(region, project);
        return Detached.run(servers.delete(region, project, id)).map(deletion -> deletion.removed()
                ? Response.noContent().build()
                : Response.accepted(deletion.server()).build());
    }

    @PUT
    @Path("/servers:defaultBmcCredentials")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the project's default BMC credentials",
            description = "Used for servers enrolled without bmcCredentials. Admin only; the password is stored encrypted and never returned.")
    @APIResponse(responseCode = "200", description = "Stored",
            content = @Content(schema = @Schema(implementation = DefaultCredentialsView.class)))
    public Uni<DefaultCredentialsView> setDefaultCredentials(@PathParam("region") String region,
            @PathParam("project") String project,
            @NotNull(message = "request body is required") @Valid BmcCredentialsInput credentials) {
        access.requireAdmin(region, project);
        return Detached.run(servers.setDefaultCredentials(region, project, credentials));
    }

    @GET
    @Path("/servers:defaultBmcCredentials")
    @Operation(summary = "Whether the project has default BMC credentials (never the password)")
    @APIResponse(responseCode = "200", description = "The username and when it was set",
            content = @Content(schema = @Schema(implementation = DefaultCredentialsView.class)))
    public Uni<DefaultCredentialsView> defaultCredentials(@PathParam("region") String region,
            @PathParam("project") String project) {
        access.requireAdmin(region, project);
        return Detached.run(servers.defaultCredentials(region, project));
    }

    private static Integer pageSize(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("pageSize", "must be a whole number, got '" + raw + "'");
        }
    }

    private static Map<String, String> tagFilter(List<String> tags) {
        Map<String, String> filter = new LinkedHashMap<>();
        if (tags == null) {
            return filter;
        }
        for (String tag : tags) {
            int eq = tag.indexOf('=');
            String key = eq < 0 ? tag : tag.substring(0, eq);
            if (eq < 0 || !key.matches(Tags.KEY_PATTERN)) {
                throw ApiException.badRequest("tag", "must be key=value with a valid key, got '" + tag + "'");
            }
            filter.put(key, tag.substring(eq + 1));
        }
        return filter;
    }
}
