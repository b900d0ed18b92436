package io.metalfleet.provisioning.nodepools.api;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.metalfleet.provisioning.nodepools.api.dto.JobIdResponse;
import io.metalfleet.provisioning.nodepools.api.dto.NodeListRequest;
import io.metalfleet.provisioning.nodepools.api.dto.NodePoolRequest;
import io.metalfleet.provisioning.nodepools.api.dto.NodePoolView;
import io.metalfleet.provisioning.nodepools.domain.NodeJobService;
import io.metalfleet.provisioning.nodepools.domain.NodePoolService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Node pools of a registered cluster and the servers joining them (seed 003). Errors: {@code {"error_code","error_msg"}}. */
@Path("/api/v3/projects/{project_id}/clusters/{cluster_id}/nodepools")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Node pools")
@Authenticated
public class NodePoolResource {

    @Inject
    CceAccess access;
    @Inject
    NodePoolService pools;
    @Inject
    NodeJobService jobs;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an empty node pool in a registered cluster")
    @APIResponse(responseCode = "201", description = "created", content = @Content(schema = @Schema(implementation = NodePoolView.class)))
    @APIResponse(responseCode = "400", description = "bad input")
    @APIResponse(responseCode = "404", description = "unknown project or cluster")
    @APIResponse(responseCode = "409", description = "the name is taken in this cluster")
    public Uni<Response> create(@PathParam("project_id") String project, @PathParam("cluster_id") String cluster,
            @NotNull @Valid NodePoolRequest request) {
        access.requireWrite(project);
        return pools.create(project, cluster, request).map(view -> Response.status(201).entity(view).build());
    }

    @GET
    @Operation(summary = "The project's node pools in a cluster")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = NodePoolView.Page.class)))
    @APIResponse(responseCode = "404", description = "unknown project or cluster")
    public Uni<NodePoolView.Page> list(@PathParam("project_id") String project, @PathParam("cluster_id") String cluster) {
        access.requireRead(project);
        return pools.list(project, cluster);
    }

    @GET
    @Path("/{nodepool_id}")
    @Operation(summary = "One node pool with its joined and joining node counts")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = NodePoolView.class)))
    @APIResponse(responseCode = "404", description = "unknown project, cluster or node pool")
    public Uni<NodePoolView> get(@PathParam("project_id") String project, @PathParam("cluster_id") String cluster,
            @PathParam("nodepool_id") String nodePool) {
        access.requireRead(project);
        return pools.get(project, cluster, nodePool);
    }

    @DELETE
    @Path("/{nodepool_id}")
    @Operation(summary = "Delete an empty node pool", description = "A pool with nodes answers 409: remove them first (nodes/remove).")
    @APIResponse(responseCode = "200", description = "deleted; the pool as it was, phase Deleting",
            content = @Content(schema = @Schema(implementation = NodePoolView.class)))
    @APIResponse(responseCode = "404", description = "unknown project, cluster or node pool")
    @APIResponse(responseCode = "409", description = "the pool still has nodes")
    public Uni<NodePoolView> delete(@PathParam("project_id") String project, @PathParam("cluster_id") String cluster,
            @PathParam("nodepool_id") String nodePool) {
        access.requireWrite(project);
        return pools.delete(project, cluster, nodePool);
    }

    @POST
    @Path("/{nodepool_id}/nodes/add")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add ACTIVE servers of the project to the pool as nodes (seed 003)",
            description = "1 to 200 serverIDs, each an ACTIVE server of the project in no pool; answers the job that joins them.")
    @APIResponse(responseCode = "200", description = "the job was delivered", content = @Content(schema = @Schema(implementation = JobIdResponse.class)))
    @APIResponse(responseCode = "400", description = "bad input, or serverIDs that cannot join (named)")
    @APIResponse(responseCode = "404", description = "unknown project, cluster or node pool")
    public Uni<JobIdResponse> add(@PathParam("project_id") String project, @PathParam("cluster_id") String cluster,
            @PathParam("nodepool_id") String nodePool, @NotNull @Valid NodeListRequest request) {
        access.requireWrite(project);
        return jobs.add(project, cluster, nodePool, request, access.subject()).map(id -> new JobIdResponse(id.toString()));
    }

    @POST
    @Path("/{nodepool_id}/nodes/remove")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Take joined nodes out of the pool", description = "Same body as nodes/add; answers a finished job.")
    @APIResponse(responseCode = "200", description = "the job", content = @Content(schema = @Schema(implementation = JobIdResponse.class)))
    @APIResponse(responseCode = "400", description = "bad input, or serverIDs that are not joined nodes of the pool (named)")
    @APIResponse(responseCode = "404", description = "unknown project, cluster or node pool")
    public Uni<JobIdResponse> remove(@PathParam("project_id") String project, @PathParam("cluster_id") String cluster,
            @PathParam("nodepool_id") String nodePool, @NotNull @Valid NodeListRequest request) {
        access.requireWrite(project);
        return jobs.remove(project, cluster, nodePool, request, access.subject()).map(id -> new JobIdResponse(id.toString()));
    }
}
