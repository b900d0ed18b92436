package io.metalfleet.identity.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.metalfleet.identity.api.dto.ErrorResponse;
import io.metalfleet.identity.api.dto.RegistrationTokenView;
import io.metalfleet.identity.config.IdentityConfig;
import io.metalfleet.identity.domain.RegistrationTokenService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Provider registration tokens: issued by an admin (or any user when registration is open), listed, revoked. */
@Authenticated
@Path("/api/v3/onezone")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "providers")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "Authentication error", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "403", description = "Authorization error", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public class RegistrationTokenResource {

    @Inject
    RegistrationTokenService tokens;
    @Inject
    Caller caller;
    @Inject
    IdentityConfig config;

    @POST
    @Path("/user/clusters/provider_registration_token")
    @Operation(summary = "Create provider registration token",
            description = "A single-use token (valid metalfleet.registration.token-lifetime, default 24 h) for POST /providers. Admins only, unless the zone allows free registration.")
    @APIResponse(responseCode = "200", description = "{\"token\": \"…\"}")
    public Uni<Map<String, String>> issue() {
        caller.requireUser();
        if (!config.registration().open() && !caller.isAdmin()) {
            throw ApiException.forbidden();
        }
        return tokens.issue(caller.subject(), Instant.now()).map(token -> Map.of("token", token));
    }

    @GET
    @Path("/provider_registration_tokens")
    @Operation(summary = "List provider registration tokens", description = "All for an admin, a user's own otherwise; never the secrets.")
    @APIResponse(responseCode = "200", description = "{\"tokens\": [RegistrationToken]}")
    public Uni<Map<String, List<RegistrationTokenView>>> list() {
        caller.requireUser();
        return tokens.list(caller.isAdmin() ? null : caller.subject(), Instant.now()).map(list -> Map.of("tokens", list));
    }

    @DELETE
    @Path("/provider_registration_tokens/{id}")
    @Operation(summary = "Revoke a provider registration token")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such token of the caller", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<Response> revoke(@PathParam("id") String id) {
        caller.requireUser();
        return tokens.revoke(id, caller.isAdmin() ? null : caller.subject(), Instant.now()).replaceWith(Response.noContent().build());
    }
}
