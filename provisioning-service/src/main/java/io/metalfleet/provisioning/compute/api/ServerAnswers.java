package io.metalfleet.provisioning.compute.api;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import io.metalfleet.provisioning.compute.api.dto.ServerCreateRequest;
import io.metalfleet.provisioning.compute.api.dto.ServerView;
import io.metalfleet.provisioning.compute.domain.ServerOrders;
import io.smallrye.mutiny.Uni;

/** What both server paths answer (account in the path, or the token's account), once the account is decided. */
@ApplicationScoped
public class ServerAnswers {

    @Inject
    ServerOrders orders;
    @Inject
    ComputeViews views;

    /** 202 Accepted, Location = the self link, the seed's body with the admin password (this once). */
    public Uni<Response> create(String base, String account, String userId, ServerCreateRequest request) {
        ServerCreateRequest.Server s = request.server();
        return orders.create(account, userId, new ServerOrders.Order(s.name(), s.imageRef(), s.flavorRef(), s.securityGroupRef(),
                s.adminPass(), s.zone()))
                .map(created -> {
                    ServerView view = views.server(base, created.server(), created.adminPass());
                    return Response.accepted(new ServerView.One(view)).location(URI.create(view.links().get(0).href())).build();
                });
    }

    public Uni<ServerView.One> one(String base, String account, String serverId) {
        return orders.get(account, serverId).map(s -> new ServerView.One(views.server(base, s, null)));
    }

    public Uni<ServerView.BriefPage> brief(String base, String account, boolean deleted) {
        return orders.list(account, deleted).map(list -> new ServerView.BriefPage(list.stream().map(s -> views.brief(base, s)).toList()));
    }

    public Uni<ServerView.Page> detailed(String base, String account, boolean deleted) {
        return orders.list(account, deleted)
                .map(list -> new ServerView.Page(list.stream().map(s -> views.server(base, s, null)).toList()));
    }

    public Uni<Response> delete(String account, String serverId) {
        return orders.delete(account, serverId).map(ok -> Response.noContent().build());
    }
}
