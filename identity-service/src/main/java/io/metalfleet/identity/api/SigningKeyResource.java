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
import io.metalfleet.identity.domain.SigningKeyService;
import io.metalfleet.identity.persistence.SigningKeyEntity;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The issuer's signing keys (admin): list, rotate, retire at once. */
@Authenticated
@Path("/api/v3/onezone/signing_keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "keys", description = "Signing keys of the issuer")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "Authentication error", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "403", description = "Authorization error", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public class SigningKeyResource {

    /** A key's public metadata. */
    public record KeyView(String kid, String algorithm, String state, Instant createdAt, Instant retiredAt, Instant publishUntil) {

        static KeyView of(SigningKeyEntity key) {
            return new KeyView(key.kid, key.algorithm, key.state, key.createdAt, key.retiredAt, key.publishUntil);
        }
    }

    @Inject
    SigningKeyService keys;
    @Inject
    Caller caller;

    @GET
    @Operation(summary = "List signing keys", description = "active (signs), retiring (still in the JWKS), retired (gone).")
    @APIResponse(responseCode = "200", description = "{\"keys\":[Key]}")
    public Uni<Map<String, List<KeyView>>> list() {
        caller.requireAdmin();
        return keys.list().map(list -> Map.of("keys", list.stream().map(KeyView::of).toList()));
    }

    @POST
    @Operation(summary = "Rotate", description = "A new key signs from now on; the previous one stays in the JWKS until every token it signed has expired.")
    @APIResponse(responseCode = "201", description = "The new active key", content = @Content(schema = @Schema(implementation = KeyView.class)))
    public Uni<Response> rotate() {
        caller.requireAdmin();
        return keys.rotate(Instant.now()).map(key -> Response.status(201).entity(KeyView.of(key)).build());
    }

    @DELETE
    @Path("/{kid}")
    @Operation(summary = "Retire a key now", description = "For a compromised key: out of the JWKS at once, its tokens refused. Retiring the active key rotates first.")
    @APIResponse(responseCode = "204", description = "Retired")
    @APIResponse(responseCode = "404", description = "No such published key", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
    public Uni<Response> retire(@PathParam("kid") String kid) {
        caller.requireAdmin();
        return keys.retire(kid, Instant.now()).replaceWith(Response.noContent().build());
    }
}
