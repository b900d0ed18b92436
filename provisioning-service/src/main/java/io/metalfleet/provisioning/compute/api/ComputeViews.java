package io.metalfleet.provisioning.compute.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metalfleet.provisioning.compute.api.dto.CatalogViews;
import io.metalfleet.provisioning.compute.api.dto.Link;
import io.metalfleet.provisioning.compute.api.dto.ServerView;
import io.metalfleet.provisioning.compute.persistence.Catalog;
import io.metalfleet.provisioning.compute.persistence.ComputeServer;

/** Stored servers and catalog items → seed 002's bodies, links absolute on the host the client called. */
@ApplicationScoped
public class ComputeViews {

    @Inject
    ObjectMapper json;

    public static String baseUrl(UriInfo uri) {
        String base = uri.getBaseUri().toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** {@code adminPass} only when creating; hostId and created are "" while the server is pending (seed 002). */
    public ServerView server(String base, ComputeServer s, String adminPass) {
        boolean pending = "BUILD".equals(s.status());
        String account = s.project();
        ServerView.Fault fault = s.fault() == null ? null
                : new ServerView.Fault(s.fault().code(), s.fault().message(), s.fault().details(), iso(s.fault().created()));
        return new ServerView(s.status(), null, pending || s.hostId() == null ? "" : s.hostId(), addresses(s.addresses()),
                Link.of(base, account, "servers", s.id()),
                new ServerView.CatalogRef(s.imageId(), s.imageName(), Link.of(base, account, "images", s.imageId())),
                new ServerView.CatalogRef(s.securityGroupId(), s.securityGroupName(),
                        Link.of(base, account, "os-security-groups", s.securityGroupId())),
                s.userId(),
                new ServerView.CatalogRef(s.flavorId(), s.flavorName(), Link.of(base, account, "flavors", s.flavorId())),
                s.id(), s.zone(), s.name(), adminPass, pending ? "" : iso(s.createdAt()), null,
                s.accessIpv4() == null ? "" : s.accessIpv4(), null, s.progress(), Map.of(), fault);
    }

    public ServerView.Brief brief(String base, ComputeServer s) {
        return new ServerView.Brief(s.id(), s.name(), s.status(), Link.of(base, s.project(), "servers", s.id()));
    }

    public CatalogViews.Flavor flavor(String base, String account, Catalog.Flavor f) {
        return new CatalogViews.Flavor(f.id(), f.name(), f.cpuCores(), f.ramGiB(), f.gpuCount(), f.gpuModel(), f.project() == null,
                Link.of(base, account, "flavors", f.id()));
    }

    public CatalogViews.Image image(String base, String account, Catalog.Image i) {
        return new CatalogViews.Image(i.id(), i.name(), i.bootMethod(), i.bootUri(), "ACTIVE", i.project() == null,
                Link.of(base, account, "images", i.id()));
    }

    public CatalogViews.SecurityGroup securityGroup(String base, String account, Catalog.SecurityGroup g) {
        return new CatalogViews.SecurityGroup(g.id(), g.name(), g.description(), g.project() == null,
                Link.of(base, account, "os-security-groups", g.id()));
    }

    private JsonNode addresses(String stored) {
        try {
            return json.readTree(stored == null ? "{\"public\":[],\"private\":[]}" : stored);
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }

    private static String iso(Instant t) {
        return t == null ? "" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
