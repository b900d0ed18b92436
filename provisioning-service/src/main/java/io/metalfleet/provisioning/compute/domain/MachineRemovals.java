package io.metalfleet.provisioning.compute.domain;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metalfleet.provisioning.compute.persistence.ComputeServer;
import io.metalfleet.provisioning.compute.persistence.ComputeServerRepository;
import io.metalfleet.provisioning.compute.persistence.MachineRepository;
import io.metalfleet.provisioning.persistence.OutboxRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Inventory deleted a machine (server.deleted). One a server holds is not dropped at once: the server fails
 * (UNKNOWN, "the machine was deleted from the inventory") and the machine is released like any other — powered off,
 * override cleared, media ejected — then removed, with "released" so that inventory finishes its deletion.
 */
@ApplicationScoped
public class MachineRemovals {

    static final String REMOVED = "the machine was deleted from the inventory";

    @Inject
    ComputeServerRepository servers;
    @Inject
    MachineRepository machines;
    @Inject
    OutboxRepository outbox;
    @Inject
    MachineStateEvents events;

    /** True when the removal waits for a release (the caller must not delete the row); in the caller's transaction. */
    public Uni<Boolean> deferIfHeld(SqlClient tx, String machineId, Instant now) {
        return servers.holding(tx, machineId).chain(server -> {
            if (server == null) {
                return Uni.createFrom().item(false);
            }
            BuildPhase phase = BuildPhase.of(server.phase());
            Uni<Void> release = phase == BuildPhase.RELEASING ? Uni.createFrom().voidItem()
                    : servers.failed(tx, server.id(), phase, new ComputeServer.Fault(500, REMOVED, "", now), now)
                            .chain(() -> outbox.append(tx, List.of(events.stateChanged(machineId, "deprovisioning", server.id(),
                                    server.project(), REMOVED, now)), now));
            return release.chain(() -> machines.markRemoval(tx, machineId)).replaceWith(true);
        });
    }
}
