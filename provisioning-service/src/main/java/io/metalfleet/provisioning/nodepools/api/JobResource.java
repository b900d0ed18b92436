package io.metalfleet.provisioning.nodepools.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.metalfleet.provisioning.nodepools.api.dto.JobView;
import io.metalfleet.provisioning.nodepools.domain.NodeJobService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** CCE jobs: what nodes/add and nodes/remove started, one sub-job per node. */
@Path("/api/v3/projects/{project_id}/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Node pools")
@Authenticated
public class JobResource {

    @Inject
    CceAccess access;
    @Inject
    NodeJobService jobs;

    @GET
    @Path("/{job_id}")
    @Operation(summary = "A job with its phase and one sub-job per node (phase and reason each)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "unknown project or job")
    public Uni<JobView> get(@PathParam("project_id") String project, @PathParam("job_id") String job) {
        access.requireRead(project);
        return jobs.get(project, job);
    }
}
