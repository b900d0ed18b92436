package io.metalfleet.provisioning.compute.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metalfleet.provisioning.api.ApiException;
import io.metalfleet.provisioning.compute.persistence.Catalog.Flavor;
import io.metalfleet.provisioning.compute.persistence.Catalog.Image;
import io.metalfleet.provisioning.compute.persistence.Catalog.Kind;
import io.metalfleet.provisioning.compute.persistence.Catalog.SecurityGroup;
import io.metalfleet.provisioning.compute.persistence.CatalogRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** The catalogs servers are built from: created in an account (or public), read by the account's members. */
@ApplicationScoped
public class Catalogs {

    @Inject
    Pool pool;
    @Inject
    CatalogRepository catalog;

    public Uni<Flavor> create(Flavor f) {
        Flavor flavor = new Flavor(idOrNew(f.id()), f.project(), f.name(), f.cpuCores(), f.ramGiB(), f.gpuCount(),
                blankToNull(f.gpuModel()), Instant.now());
        return pool.withTransaction(tx -> catalog.insert(tx, flavor)).map(inserted -> unique(inserted, Kind.FLAVOR, flavor.id(), flavor));
    }

    public Uni<Image> create(Image i) {
        if ("VirtualMedia".equals(i.bootMethod()) && i.bootUri() == null) {
            throw ApiException.badRequest("image.uri", "required with bootMethod VirtualMedia (the image URL to insert)");
        }
        if ("Pxe".equals(i.bootMethod()) && i.bootUri() != null) {
            throw ApiException.badRequest("image.uri", "not used with bootMethod Pxe");
        }
        Image image = new Image(idOrNew(i.id()), i.project(), i.name(), i.bootMethod(), i.bootUri(), Instant.now());
        return pool.withTransaction(tx -> catalog.insert(tx, image)).map(inserted -> unique(inserted, Kind.IMAGE, image.id(), image));
    }

    public Uni<SecurityGroup> create(SecurityGroup g) {
        SecurityGroup group = new SecurityGroup(idOrNew(g.id()), g.project(), g.name(), g.description() == null ? "" : g.description(),
                Instant.now());
        return pool.withTransaction(tx -> catalog.insert(tx, group))
                .map(inserted -> unique(inserted, Kind.SECURITY_GROUP, group.id(), group));
    }

    public Uni<Flavor> flavor(String account, String id) {
        return catalog.flavor(pool, account, id).map(Catalogs::found);
    }

    public Uni<Image> image(String account, String id) {
        return catalog.image(pool, account, id).map(Catalogs::found);
    }

    public Uni<SecurityGroup> securityGroup(String account, String id) {
        return catalog.securityGroup(pool, account, id).map(Catalogs::found);
    }

    public Uni<List<Flavor>> flavors(String account) {
        return catalog.flavors(pool, account);
    }

    public Uni<List<Image>> images(String account) {
        return catalog.images(pool, account);
    }

    public Uni<List<SecurityGroup>> securityGroups(String account) {
        return catalog.securityGroups(pool, account);
    }

    public Uni<Void> delete(Kind kind, String account, String id) {
        return pool.withTransaction(tx -> catalog.delete(tx, kind, account, id)).map(deleted -> found(deleted ? id : null))
                .replaceWithVoid();
    }

    private static <T> T unique(boolean inserted, Kind kind, String id, T item) {
        if (!inserted) {
            throw new ApiException(409, "A " + kind.label() + " with id " + id + " exists", List.of());
        }
        return item;
    }

    private static <T> T found(T item) {
        if (item == null) {
            throw ServerOrders.notFound();
        }
        return item;
    }

    private static String idOrNew(String id) {
        return id != null ? id : UUID.randomUUID().toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
