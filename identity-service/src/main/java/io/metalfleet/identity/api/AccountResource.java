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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.metalfleet.identity.api.dto.AccountViews;
import io.metalfleet.identity.api.dto.ErrorResponse;
import io.metalfleet.identity.domain.AccountService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Users and service accounts, managed by admins; {@code GET /user} for anyone signed in. */
@Authenticated
@Path("/api/v3/onezone")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "accounts", description = "Users and service accounts")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "400", description = "Invalid request", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "401", description = "Authentication error", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "403", description = "Authorization error", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "404", description = "Resource not found", content = @Content(schema = @Schema(implementation = ErrorResponse.class)))
public class AccountResource {

    @Inject
    AccountService accounts;
    @Inject
    Caller caller;

    @GET
    @Path("/user")
    @Operation(summary = "The signed-in user")
    @APIResponse(responseCode = "200", description = "The user", content = @Content(schema = @Schema(implementation = AccountViews.User.class)))
    public Uni<AccountViews.User> me() {
        caller.requireUser();
        return accounts.user(caller.subject());
    }

    @POST
    @Path("/users")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user (admin)")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = AccountViews.NewUser.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = AccountViews.User.class)))
    public Uni<Response> createUser(JsonNode body) {
        caller.requireAdmin();
        return accounts.createUser(body, Instant.now()).map(user -> Response.status(201).entity(user).build());
    }

    @GET
    @Path("/users")
    @Operation(summary = "List users (admin)")
    @APIResponse(responseCode = "200", description = "User ids", content = @Content(schema = @Schema(implementation = AccountViews.UserList.class)))
    public Uni<AccountViews.UserList> users() {
        caller.requireAdmin();
        return accounts.users();
    }

    @GET
    @Path("/users/{id}")
    @Operation(summary = "Get a user (admin)")
    @APIResponse(responseCode = "200", description = "The user", content = @Content(schema = @Schema(implementation = AccountViews.User.class)))
    public Uni<AccountViews.User> user(@PathParam("id") String id) {
        caller.requireAdmin();
        return accounts.user(id);
    }

    @DELETE
    @Path("/users/{id}")
    @Operation(summary = "Delete a user (admin)")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> deleteUser(@PathParam("id") String id) {
        caller.requireAdmin();
        return accounts.deleteUser(id).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/service_accounts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a service account (admin)", description = "The clientSecret is returned once; use it with grant_type=client_credentials.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = AccountViews.NewServiceAccount.class)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(schema = @Schema(implementation = AccountViews.ServiceAccount.class)))
    public Uni<Response> createServiceAccount(JsonNode body) {
        caller.requireAdmin();
        return accounts.createServiceAccount(body, caller.subject(), Instant.now()).map(account -> Response.status(201).entity(account).build());
    }

    @GET
    @Path("/service_accounts")
    @Operation(summary = "List service accounts (admin)")
    @APIResponse(responseCode = "200", description = "Client ids", content = @Content(schema = @Schema(implementation = AccountViews.ServiceAccountList.class)))
    public Uni<AccountViews.ServiceAccountList> serviceAccounts() {
        caller.requireAdmin();
        return accounts.serviceAccounts();
    }

    @DELETE
    @Path("/service_accounts/{clientId}")
    @Operation(summary = "Delete a service account (admin)")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> deleteServiceAccount(@PathParam("clientId") String clientId) {
        caller.requireAdmin();
        return accounts.deleteServiceAccount(clientId).replaceWith(Response.noContent().build());
    }
}
