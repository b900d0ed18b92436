package io.metalfleet.provisioning.compute.persistence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.metalfleet.provisioning.compute.persistence.Catalog.Flavor;
import io.metalfleet.provisioning.compute.persistence.Catalog.Image;
import io.metalfleet.provisioning.compute.persistence.Catalog.Kind;
import io.metalfleet.provisioning.compute.persistence.Catalog.SecurityGroup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Flavors, images and security groups. An account sees its own items and the public ones (project NULL). */
@ApplicationScoped
public class CatalogRepository {

    private static final String VISIBLE = " WHERE (project IS NULL OR project = $1)";

    /** Inserts unless the id is taken; true when inserted. */
    public Uni<Boolean> insert(SqlClient tx, Flavor f) {
        return inserted(tx.preparedQuery("INSERT INTO compute_flavors (id, project, name, cpu_cores, ram_gib, gpu_count, gpu_model,"
                + " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.from(new Object[] { f.id(), f.project(), f.name(), f.cpuCores(), f.ramGiB(), f.gpuCount(),
                        f.gpuModel(), f.createdAt().atOffset(ZoneOffset.UTC) })));
    }

    public Uni<Boolean> insert(SqlClient tx, Image i) {
        return inserted(tx.preparedQuery("INSERT INTO compute_images (id, project, name, boot_method, boot_uri, created_at)"
                + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.of(i.id(), i.project(), i.name(), i.bootMethod(), i.bootUri(), i.createdAt().atOffset(ZoneOffset.UTC))));
    }

    public Uni<Boolean> insert(SqlClient tx, SecurityGroup g) {
        return inserted(tx.preparedQuery("INSERT INTO compute_security_groups (id, project, name, description, created_at)"
                + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.of(g.id(), g.project(), g.name(), g.description(), g.createdAt().atOffset(ZoneOffset.UTC))));
    }

    public Uni<Flavor> flavor(SqlClient c, String account, String id) {
        return one(c, Kind.FLAVOR, account, id, CatalogRepository::flavor);
    }

    public Uni<Image> image(SqlClient c, String account, String id) {
        return one(c, Kind.IMAGE, account, id, CatalogRepository::image);
    }

    public Uni<SecurityGroup> securityGroup(SqlClient c, String account, String id) {
        return one(c, Kind.SECURITY_GROUP, account, id, CatalogRepository::securityGroup);
    }

    public Uni<List<Flavor>> flavors(SqlClient c, String account) {
        return all(c, Kind.FLAVOR, account, CatalogRepository::flavor);
    }

    public Uni<List<Image>> images(SqlClient c, String account) {
        return all(c, Kind.IMAGE, account, CatalogRepository::image);
    }

    public Uni<List<SecurityGroup>> securityGroups(SqlClient c, String account) {
        return all(c, Kind.SECURITY_GROUP, account, CatalogRepository::securityGroup);
    }

    /** Deletes an item the account sees; true when there was one. Servers keep their copies of its name and boot. */
    public Uni<Boolean> delete(SqlClient tx, Kind kind, String account, String id) {
        return inserted(tx.preparedQuery("DELETE FROM " + kind.table + VISIBLE + " AND id = $2").execute(Tuple.of(account, id)));
    }

    private static Uni<Boolean> inserted(Uni<io.vertx.mutiny.sqlclient.RowSet<Row>> result) {
        return result.map(rows -> rows.rowCount() == 1);
    }

    private static <T> Uni<T> one(SqlClient c, Kind kind, String account, String id, Function<Row, T> read) {
        return c.preparedQuery("SELECT * FROM " + kind.table + VISIBLE + " AND id = $2").execute(Tuple.of(account, id))
                .map(rows -> rows.size() == 0 ? null : read.apply(rows.iterator().next()));
    }

    private static <T> Uni<List<T>> all(SqlClient c, Kind kind, String account, Function<Row, T> read) {
        return c.preparedQuery("SELECT * FROM " + kind.table + VISIBLE + " ORDER BY created_at, id").execute(Tuple.of(account))
                .map(rows -> {
                    List<T> items = new ArrayList<>(rows.size());
                    rows.forEach(r -> items.add(read.apply(r)));
                    return items;
                });
    }

    private static Flavor flavor(Row r) {
        return new Flavor(r.getString("id"), r.getString("project"), r.getString("name"), r.getInteger("cpu_cores"),
                r.getInteger("ram_gib"), r.getInteger("gpu_count"), r.getString("gpu_model"), instant(r));
    }

    private static Image image(Row r) {
        return new Image(r.getString("id"), r.getString("project"), r.getString("name"), r.getString("boot_method"),
                r.getString("boot_uri"), instant(r));
    }

    private static SecurityGroup securityGroup(Row r) {
        return new SecurityGroup(r.getString("id"), r.getString("project"), r.getString("name"), r.getString("description"),
                instant(r));
    }

    private static Instant instant(Row r) {
        return r.getOffsetDateTime("created_at").toInstant();
    }
}
