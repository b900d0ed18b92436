package io.metalfleet.provisioning.compute.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metalfleet.provisioning.compute.ComputeConfig;
import io.metalfleet.provisioning.compute.persistence.ComputeServer;
import io.metalfleet.provisioning.compute.persistence.ComputeServerRepository;
import io.metalfleet.provisioning.compute.persistence.MachineRepository;
import io.metalfleet.provisioning.compute.persistence.MachineRepository.Machine;
import io.metalfleet.provisioning.persistence.OutboxRepository;
import io.metalfleet.provisioning.redfish.RedfishEngine;
import io.metalfleet.provisioning.redfish.boot.BootOverride;
import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.RedfishException;
import io.metalfleet.provisioning.redfish.power.PowerAction;
import io.metalfleet.provisioning.security.CredentialUnsealer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The build/release state machine as a table: one step per phase with work ({@link BuildPhase}). A step talks to the
 * machine's BMC through the engine, then records where the server goes next in one transaction with the machine's
 * state and its server.state-changed. Steps are safe to run again (a replica that stopped mid-step leaves the row to
 * be claimed after its lease).
 */
@ApplicationScoped
public class BuildSteps {

    static final String OS_RUNNING = "OSRunning";
    private static final BootOverride CLEARED = new BootOverride("None", "Disabled", null);

    @Inject
    Pool pool;
    @Inject
    RedfishEngine engine;
    @Inject
    CredentialUnsealer unsealer;
    @Inject
    ComputeServerRepository servers;
    @Inject
    MachineRepository machines;
    @Inject
    OutboxRepository outbox;
    @Inject
    MachineStateEvents events;
    @Inject
    ComputeConfig config;

    private final Map<BuildPhase, Function<ComputeServer, Uni<Void>>> steps = Map.of(
            BuildPhase.ALLOCATED, this::boot,
            BuildPhase.BOOTING, this::watchBoot,
            BuildPhase.RELEASING, this::release);

    public Uni<Void> run(ComputeServer server) {
        Function<ComputeServer, Uni<Void>> step = steps.get(BuildPhase.of(server.phase()));
        return step == null ? Uni.createFrom().voidItem() : step.apply(server);
    }

    /** allocated → booting (progress 50): boot override to the image's method, then power on (or restart if on). */
    private Uni<Void> boot(ComputeServer s) {
        return machine(s).chain(target -> {
            BootOverride override = switch (s.bootMethod()) {
                case "UefiHttp" -> new BootOverride("UefiHttp", "Once", s.bootUri());
                case "VirtualMedia" -> new BootOverride("Cd", "Once", null);
                default -> new BootOverride("Pxe", "Once", null);
            };
            Uni<Void> media = "VirtualMedia".equals(s.bootMethod()) ? engine.insertMedia(target, s.bootUri())
                    : Uni.createFrom().voidItem();
            return media.chain(() -> engine.powerState(target))
                    .chain(power -> engine.power(target, "Off".equals(power) ? PowerAction.On : PowerAction.ForceRestart, override))
                    .chain(power -> {
                        Instant now = Instant.now();
                        return pool.withTransaction(tx -> servers.advance(tx, s.id(), BuildPhase.ALLOCATED, BuildPhase.BOOTING,
                                null, 50, now.plus(config.pollInterval()), now)
                                .call(() -> machines.powerState(tx, s.hostId(), power)));
                    });
        }).replaceWithVoid().onFailure().recoverWithUni(e -> fail(s, BuildPhase.ALLOCATED, "boot", e));
    }

    /** booting → running (ACTIVE, 100) once the machine reports OSRunning; past the deadline the build fails. */
    private Uni<Void> watchBoot(ComputeServer s) {
        return machine(s).chain(engine::bootProgress)
                .onItemOrFailure().transformToUni((progress, failure) -> {
                    Instant now = Instant.now();
                    if (failure == null && OS_RUNNING.equals(progress)) {
                        return pool.withTransaction(tx -> servers.advance(tx, s.id(), BuildPhase.BOOTING, BuildPhase.RUNNING,
                                "ACTIVE", 100, null, now).call(moved -> !moved ? Uni.createFrom().voidItem()
                                        : machines.state(tx, s.hostId(), "provisioned", now)
                                                .chain(() -> outbox.append(tx, List.of(events.stateChanged(s.hostId(), "provisioned",
                                                        s.id(), s.project(), null, now)), now))))
                                .replaceWithVoid();
                    }
                    if (s.phaseDeadline() != null && now.isAfter(s.phaseDeadline())) {
                        String seen = failure != null ? reason(failure) : "last BootProgress " + (progress == null ? "not reported" : progress);
                        return fail(s, BuildPhase.BOOTING, "deadline", new IllegalStateException("the machine did not report"
                                + " BootProgress OSRunning within " + human(config.buildTimeout()) + " (" + seen + ")"));
                    }
                    return servers.again(pool, s.id(), BuildPhase.BOOTING, now.plus(config.pollInterval())).replaceWithVoid();
                });
    }

    /**
     * releasing → released: powered off, override cleared, virtual media ejected, the machine available again. A
     * machine that cannot be released within the release timeout is handed back as error. A machine inventory deleted
     * meanwhile is removed instead, and reported "released".
     */
    private Uni<Void> release(ComputeServer s) {
        return machines.find(pool, s.hostId()).chain(machine -> {
            if (machine == null) {
                // gone from the inventory meanwhile: nothing left to power off
                return pool.withTransaction(tx -> servers.released(tx, s.id(), Instant.now())).replaceWithVoid();
            }
            return target(machine).chain(target -> engine.power(target, PowerAction.ForceOff, null)
                    .call(() -> engine.power(target, null, CLEARED).onFailure(RedfishException.class)
                            .recoverWithUni(e -> ((RedfishException) e).kind() == RedfishException.Kind.NOT_ALLOWED
                                    ? Uni.createFrom().item("") : Uni.createFrom().failure(e)))
                    .call(() -> engine.insertedMedia(target).chain(image -> image == null ? Uni.createFrom().voidItem()
                            : engine.ejectMedia(target)))
                    .call(() -> machine.removalPending() ? engine.connector().forget(target.hostPort())
                            .onFailure().recoverWithNull() : Uni.createFrom().voidItem()))
                    .chain(power -> handBack(s, machine, "available", power, null))
                    .onFailure().recoverWithUni(e -> {
                        Instant now = Instant.now();
                        if (Duration.between(s.updatedAt(), now).compareTo(config.releaseTimeout()) > 0) {
                            return handBack(s, machine, "error", null, "release failed: " + reason(e));
                        }
                        return servers.again(pool, s.id(), BuildPhase.RELEASING, now.plus(config.releaseRetry())).replaceWithVoid();
                    });
        });
    }

    private Uni<Void> handBack(ComputeServer s, Machine machine, String machineState, String power, String reason) {
        Instant now = Instant.now();
        String reported = machine.removalPending() ? "released" : machineState;
        return pool.withTransaction(tx -> servers.released(tx, s.id(), now).call(moved -> !moved ? Uni.createFrom().voidItem()
                : (machine.removalPending() ? machines.remove(tx, machine.id()) : machines.state(tx, machine.id(), machineState, now)
                        .chain(() -> power == null ? Uni.createFrom().voidItem() : machines.powerState(tx, machine.id(), power)))
                        .chain(() -> outbox.append(tx, List.of(events.stateChanged(machine.id(), reported, s.id(), s.project(),
                                reason, now)), now))))
                .replaceWithVoid();
    }

    /** The build failed: UNKNOWN with the fault, the machine deprovisioning until released. */
    private Uni<Void> fail(ComputeServer s, BuildPhase from, String step, Throwable e) {
        Instant now = Instant.now();
        String message = step + ": " + reason(e);
        ComputeServer.Fault fault = new ComputeServer.Fault(500, message, "", now);
        return pool.withTransaction(tx -> servers.failed(tx, s.id(), from, fault, now).call(moved -> !moved
                ? Uni.createFrom().voidItem()
                : machines.state(tx, s.hostId(), "deprovisioning", now)
                        .chain(() -> outbox.append(tx, List.of(events.stateChanged(s.hostId(), "deprovisioning", s.id(),
                                s.project(), message, now)), now))))
                .replaceWithVoid();
    }

    private Uni<BmcTarget> machine(ComputeServer s) {
        return machines.find(pool, s.hostId()).chain(m -> m == null
                ? Uni.createFrom().failure(new IllegalStateException("machine " + s.hostId() + " is no longer in the inventory"))
                : target(m));
    }

    private Uni<BmcTarget> target(Machine m) {
        try {
            return Uni.createFrom().item(unsealer.target(m.id(), m.bmcEndpoint(), m.credentialsKeyId(), m.credentialsSealed()));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private static String reason(Throwable e) {
        return e instanceof RedfishException r ? r.reason() : e.getMessage();
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }
}
