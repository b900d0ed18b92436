package io.metalfleet.provisioning.compute.api;

import java.net.URI;

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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.metalfleet.provisioning.compute.api.dto.CatalogRequests;
import io.metalfleet.provisioning.compute.api.dto.CatalogViews;
import io.metalfleet.provisioning.compute.domain.Catalogs;
import io.metalfleet.provisioning.compute.persistence.Catalog;
import io.metalfleet.provisioning.compute.persistence.Catalog.Kind;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The catalogs of seed 002's references: flavors, images and security groups of an account. Admins create and delete
 * them (in the account, or public for every account); the account's members read them.
 */
@Path("/accounts/{accountId}/flexcloud")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Server catalogs (seed 002)")
@Authenticated
public class CatalogResource {

    @Inject
    ComputeAccess access;
    @Inject
    Catalogs catalogs;
    @Inject
    ComputeViews views;
    @Context
    UriInfo uri;

    @POST
    @Path("/flavors")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a flavor: the least hardware (CPU cores, memory, GPUs) a machine must have")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = CatalogViews.OneFlavor.class)))
    @APIResponse(responseCode = "400", description = "computeFault: bad body")
    @APIResponse(responseCode = "409", description = "conflictingRequest: the id exists")
    public Uni<Response> createFlavor(@PathParam("accountId") String accountId, @NotNull @Valid CatalogRequests.FlavorCreate body) {
        String account = access.admin(accountId);
        CatalogRequests.Flavor f = body.flavor();
        return catalogs.create(new Catalog.Flavor(f.id(), f.isPublic() ? null : account, f.name(), f.cpuCores(), f.ramGiB(),
                f.gpuCount(), f.gpuModel(), null))
                .map(created -> created(new CatalogViews.OneFlavor(views.flavor(base(), account, created)), created.id(), "flavors", account));
    }

    @GET
    @Path("/flavors")
    @Operation(summary = "The flavors the account sees (its own and public ones)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CatalogViews.Flavors.class)))
    @APIResponse(responseCode = "404", description = "itemNotFound: the account does not exist for the caller")
    public Uni<CatalogViews.Flavors> flavors(@PathParam("accountId") String accountId) {
        String account = access.read(accountId);
        return catalogs.flavors(account).map(list -> new CatalogViews.Flavors(list.stream().map(f -> views.flavor(base(), account, f)).toList()));
    }

    @GET
    @Path("/flavors/{id}")
    @Operation(summary = "One flavor")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CatalogViews.OneFlavor.class)))
    @APIResponse(responseCode = "404", description = "itemNotFound")
    public Uni<CatalogViews.OneFlavor> flavor(@PathParam("accountId") String accountId, @PathParam("id") String id) {
        String account = access.read(accountId);
        return catalogs.flavor(account, id).map(f -> new CatalogViews.OneFlavor(views.flavor(base(), account, f)));
    }

    @DELETE
    @Path("/flavors/{id}")
    @Operation(summary = "Delete a flavor (servers built from it keep its name)")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "itemNotFound")
    public Uni<Response> deleteFlavor(@PathParam("accountId") String accountId, @PathParam("id") String id) {
        return deleted(Kind.FLAVOR, access.admin(accountId), id);
    }

    @POST
    @Path("/images")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an image: how a machine boots it (Pxe, UefiHttp with an optional HttpBootUri, VirtualMedia with the image URL)")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = CatalogViews.OneImage.class)))
    @APIResponse(responseCode = "400", description = "computeFault: bad body")
    @APIResponse(responseCode = "409", description = "conflictingRequest: the id exists")
    public Uni<Response> createImage(@PathParam("accountId") String accountId, @NotNull @Valid CatalogRequests.ImageCreate body) {
        String account = access.admin(accountId);
        CatalogRequests.Image i = body.image();
        return catalogs.create(new Catalog.Image(i.id(), i.isPublic() ? null : account, i.name(), i.bootMethod(), i.uri(), null))
                .map(created -> created(new CatalogViews.OneImage(views.image(base(), account, created)), created.id(), "images", account));
    }

    @GET
    @Path("/images")
    @Operation(summary = "The images the account sees (its own and public ones)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CatalogViews.Images.class)))
    @APIResponse(responseCode = "404", description = "itemNotFound: the account does not exist for the caller")
    public Uni<CatalogViews.Images> images(@PathParam("accountId") String accountId) {
        String account = access.read(accountId);
        return catalogs.images(account).map(list -> new CatalogViews.Images(list.stream().map(i -> views.image(base(), account, i)).toList()));
    }

    @GET
    @Path("/images/{id}")
    @Operation(summary = "One image")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CatalogViews.OneImage.class)))
    @APIResponse(responseCode = "404", description = "itemNotFound")
    public Uni<CatalogViews.OneImage> image(@PathParam("accountId") String accountId, @PathParam("id") String id) {
        String account = access.read(accountId);
        return catalogs.image(account, id).map(i -> new CatalogViews.OneImage(views.image(base(), account, i)));
    }

    @DELETE
    @Path("/images/{id}")
    @Operation(summary = "Delete an image (servers built from it keep its name)")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "itemNotFound")
    public Uni<Response> deleteImage(@PathParam("accountId") String accountId, @PathParam("id") String id) {
        return deleted(Kind.IMAGE, access.admin(accountId), id);
    }

    @POST
    @Path("/os-security-groups")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a security group")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = CatalogViews.OneSecurityGroup.class)))
    @APIResponse(responseCode = "400", description = "computeFault: bad body")
    @APIResponse(responseCode = "409", description = "conflictingRequest: the id exists")
    public Uni<Response> createSecurityGroup(@PathParam("accountId") String accountId,
            @NotNull @Valid CatalogRequests.SecurityGroupCreate body) {
        String account = access.admin(accountId);
        CatalogRequests.SecurityGroup g = body.securityGroup();
        return catalogs.create(new Catalog.SecurityGroup(g.id(), g.isPublic() ? null : account, g.name(), g.description(), null))
                .map(created -> created(new CatalogViews.OneSecurityGroup(views.securityGroup(base(), account, created)), created.id(),
                        "os-security-groups", account));
    }

    @GET
    @Path("/os-security-groups")
    @Operation(summary = "The security groups the account sees (its own and public ones)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CatalogViews.SecurityGroups.class)))
    @APIResponse(responseCode = "404", description = "itemNotFound: the account does not exist for the caller")
    public Uni<CatalogViews.SecurityGroups> securityGroups(@PathParam("accountId") String accountId) {
        String account = access.read(accountId);
        return catalogs.securityGroups(account)
                .map(list -> new CatalogViews.SecurityGroups(list.stream().map(g -> views.securityGroup(base(), account, g)).toList()));
    }

    @GET
    @Path("/os-security-groups/{id}")
    @Operation(summary = "One security group")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CatalogViews.OneSecurityGroup.class)))
    @APIResponse(responseCode = "404", description = "itemNotFound")
    public Uni<CatalogViews.OneSecurityGroup> securityGroup(@PathParam("accountId") String accountId, @PathParam("id") String id) {
        String account = access.read(accountId);
        return catalogs.securityGroup(account, id).map(g -> new CatalogViews.OneSecurityGroup(views.securityGroup(base(), account, g)));
    }

    @DELETE
    @Path("/os-security-groups/{id}")
    @Operation(summary = "Delete a security group")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "itemNotFound")
    public Uni<Response> deleteSecurityGroup(@PathParam("accountId") String accountId, @PathParam("id") String id) {
        return deleted(Kind.SECURITY_GROUP, access.admin(accountId), id);
    }

    private Uni<Response> deleted(Kind kind, String account, String id) {
        return catalogs.delete(kind, account, id).map(ok -> Response.noContent().build());
    }

    private static Response created(Object body, String id, String collection, String account) {
        return Response.status(201).entity(body)
                .location(URI.create("/accounts/" + account + "/flexcloud/" + collection + "/" + id + "/")).build();
    }

    private String base() {
        return ComputeViews.baseUrl(uri);
    }
}
