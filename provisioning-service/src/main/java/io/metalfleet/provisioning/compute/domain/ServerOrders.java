package io.metalfleet.provisioning.compute.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metalfleet.provisioning.api.ApiException;
import io.metalfleet.provisioning.compute.ComputeConfig;
import io.metalfleet.provisioning.compute.persistence.Catalog.Flavor;
import io.metalfleet.provisioning.compute.persistence.Catalog.Image;
import io.metalfleet.provisioning.compute.persistence.Catalog.SecurityGroup;
import io.metalfleet.provisioning.compute.persistence.CatalogRepository;
import io.metalfleet.provisioning.compute.persistence.ComputeServer;
import io.metalfleet.provisioning.compute.persistence.ComputeServerRepository;
import io.metalfleet.provisioning.compute.persistence.MachineRepository;
import io.metalfleet.provisioning.persistence.OutboxRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Servers on demand (seed 002): a create resolves the catalog references, claims a machine that fits the flavor and
 * records the server (BUILD, progress 0) with the machine's server.state-changed in ONE transaction — a create that
 * fails writes nothing. The build itself runs afterwards ({@link BuildWorker}).
 */
@ApplicationScoped
public class ServerOrders {

    /** What a create asks for, once the request body is validated. */
    public record Order(String name, String imageRef, String flavorRef, String securityGroupRef, String adminPass, String zone) {
    }

    /** A created server and the admin password to show once. */
    public record Created(ComputeServer server, String adminPass) {
    }

    @Inject
    Pool pool;
    @Inject
    CatalogRepository catalog;
    @Inject
    ComputeServerRepository servers;
    @Inject
    MachineRepository machines;
    @Inject
    OutboxRepository outbox;
    @Inject
    MachineStateEvents events;
    @Inject
    AdminPasswords passwords;
    @Inject
    ComputeConfig config;
    @Inject
    Addresses addresses;

    public Uni<Created> create(String account, String userId, Order order) {
        String imageId = ref(order.imageRef(), "images", "imageRef");
        String flavorId = ref(order.flavorRef(), "flavors", "flavorRef");
        String groupId = ref(order.securityGroupRef(), "os-security-groups", "securityGroupRef");
        String adminPass = order.adminPass() != null ? order.adminPass() : passwords.generate();
        return passwords.hash(adminPass).chain(hash -> pool.withTransaction(tx -> catalog.image(tx, account, imageId)
                .map(image -> required(image, "imageRef"))
                .chain(image -> catalog.flavor(tx, account, flavorId).map(flavor -> required(flavor, "flavorRef"))
                        .chain(flavor -> catalog.securityGroup(tx, account, groupId).map(group -> required(group, "securityGroupRef"))
                                .chain(group -> allocate(tx, account, userId, order, image, flavor, group, hash))))))
                .map(server -> new Created(server, adminPass));
    }

    private Uni<ComputeServer> allocate(SqlClient tx, String account, String userId, Order order, Image image, Flavor flavor,
            SecurityGroup group, String adminPassHash) {
        Instant now = Instant.now();
        return machines.claim(tx, account, flavor, now).chain(machine -> {
            if (machine == null) {
                throw new ApiException(409, "No available machine of account " + account + " matches flavor " + flavor.id()
                        + " (" + describe(flavor) + ")", List.of());
            }
            Addresses.Found found = addresses.of(machine.hardware());
            ComputeServer server = new ComputeServer(UUID.randomUUID().toString(), account, order.name(), "BUILD", 0,
                    machine.id(), userId, order.zone(), image.id(), image.name(), flavor.id(), flavor.name(), group.id(),
                    group.name(), image.bootMethod(), image.bootUri(), found.json(), found.accessIpv4(), null,
                    BuildPhase.ALLOCATED.column(), now.plus(config.buildTimeout()), now, null, now);
            return servers.insert(tx, server, adminPassHash)
                    .chain(() -> outbox.append(tx, List.of(events.stateChanged(machine.id(), "provisioning", server.id(),
                            account, null, now)), now))
                    .replaceWith(server);
        });
    }

    public Uni<ComputeServer> get(String account, String id) {
        if (!isUuid(id)) {
            return Uni.createFrom().failure(notFound());
        }
        return servers.find(pool, account, id).map(server -> {
            if (server == null) {
                throw notFound();
            }
            return server;
        });
    }

    public Uni<List<ComputeServer>> list(String account, boolean withDeleted) {
        return servers.list(pool, account, withDeleted, config.listLimit());
    }

    /**
     * DELETED at once; a machine still held is marked deprovisioning and released by the worker (powered off,
     * override cleared, media ejected, back to available). Deleting a deleted server changes nothing.
     */
    public Uni<Void> delete(String account, String id) {
        if (!isUuid(id)) {
            return Uni.createFrom().failure(notFound());
        }
        Instant now = Instant.now();
        return pool.withTransaction(tx -> servers.lock(tx, account, id).chain(server -> {
            if (server == null) {
                throw notFound();
            }
            if ("DELETED".equals(server.status())) {
                return Uni.createFrom().voidItem();
            }
            BuildPhase phase = BuildPhase.of(server.phase());
            if (phase == BuildPhase.RELEASING || phase == BuildPhase.RELEASED || server.hostId() == null) {
                return servers.statusDeleted(tx, id, now);
            }
            return servers.deleted(tx, id, now)
                    .chain(() -> machines.state(tx, server.hostId(), "deprovisioning", now))
                    .chain(() -> outbox.append(tx, List.of(events.stateChanged(server.hostId(), "deprovisioning", id, account,
                            "server deleted", now)), now));
        }));
    }

    static ApiException notFound() {
        return new ApiException(404, "Resource not found", List.of());
    }

    private static String ref(String ref, String collection, String field) {
        String id = Refs.idOf(ref, collection);
        if (id == null) {
            throw bad(field);
        }
        return id;
    }

    private static <T> T required(T item, String field) {
        if (item == null) {
            throw bad(field);
        }
        return item;
    }

    /** Seed 002's wording: {@code {"computeFault":{"message":"Bad imageRef","code":400,"details":"",…}}}. */
    private static ApiException bad(String field) {
        return new ApiException(400, "Bad " + field, List.of());
    }

    private static String describe(Flavor f) {
        return f.cpuCores() + " cores, " + f.ramGiB() + " GiB, " + f.gpuCount() + " GPUs" + (f.gpuModel() == null ? "" : " " + f.gpuModel());
    }

    static boolean isUuid(String id) {
        try {
            return id != null && id.length() == 36 && UUID.fromString(id).toString().equals(id.toLowerCase());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
