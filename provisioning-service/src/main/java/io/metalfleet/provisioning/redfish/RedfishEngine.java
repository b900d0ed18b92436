package io.metalfleet.provisioning.redfish;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.atomic.LongAdder;

import io.metalfleet.provisioning.redfish.boot.BootControl;
import io.metalfleet.provisioning.redfish.boot.BootOverride;
import io.metalfleet.provisioning.redfish.connector.BmcGate;
import io.metalfleet.provisioning.redfish.connector.BmcTarget;
import io.metalfleet.provisioning.redfish.connector.ConditionalPatch;
import io.metalfleet.provisioning.redfish.connector.Permits;
import io.metalfleet.provisioning.redfish.connector.RedfishConnector;
import io.metalfleet.provisioning.redfish.connector.RedfishSettings;
import io.metalfleet.provisioning.redfish.connector.SystemSnapshot;
import io.metalfleet.provisioning.redfish.inspect.HardwareReport;
import io.metalfleet.provisioning.redfish.inspect.Inspector;
import io.metalfleet.provisioning.redfish.media.VirtualMediaControl;
import io.metalfleet.provisioning.redfish.power.PowerAction;
import io.metalfleet.provisioning.redfish.power.PowerControl;
import io.metalfleet.provisioning.redfish.tls.BmcTrust;
import io.metalfleet.provisioning.redfish.vendor.BmcProfile;
import io.metalfleet.provisioning.redfish.vendor.Discovery;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The engine's face: the operations the service runs on one BMC, all over the one connector. Plain
 * Java (no CDI) so that benchmarks and tests drive exactly the code the service runs.
 */
public final class RedfishEngine implements AutoCloseable {

    private final RedfishConnector connector;
    private final PowerControl power;
    private final BootControl boot;
    private final Inspector inspector;
    private final VirtualMediaControl media;
    private final Permits inspections;
    private final LongAdder systemReadsSaved = new LongAdder();
    private final LongAdder systemReadsStale = new LongAdder();

    public RedfishEngine(Vertx vertx, RedfishSettings settings, BmcTrust trust) {
        this.connector = new RedfishConnector(vertx, settings, trust);
        this.power = new PowerControl(connector);
        this.boot = new BootControl(connector);
        this.inspector = new Inspector(connector);
        this.media = new VirtualMediaControl(connector);
        this.inspections = new Permits(settings.concurrentInspections());
    }

    /** Where one BMC's work stands (limits, breaker, session): for diagnosing a stall. */
    public String describe(BmcTarget target) {
        return connector.gate(target) + "; inspections " + inspections + "; " + connector.describe(target);
    }

    public RedfishConnector connector() {
        return connector;
    }

    /** Power actions that started from a kept read of the system, its ETag accepted by the BMC (no GET first). */
    public long systemReadsSaved() {
        return systemReadsSaved.sum();
    }

    /**
     * Kept reads the BMC refused (412: the system changed since, or it compares another ETag form), each followed by
     * a fresh read. Many of them from one model mean its ETags do not follow its state and the reuse only costs.
     */
    public long systemReadsStale() {
        return systemReadsStale.sum();
    }

    /** Inspections beyond {@code concurrent-inspections} wait their turn (memory, not BMCs, is the limit). */
    public Uni<HardwareReport> inspect(BmcTarget target) {
        return inspections.acquire().chain(() -> onLoop(target, () -> inspector.inspect(target)).onTermination().invoke(inspections::release));
    }

    /**
     * An optional boot override then a power action, confirmed: one GET of the system gives the allowed
     * values, the ETag and the state before, so a power-cycle with one-time PXE is GET, PATCH, POST and
     * the confirming polls. With an override, a recent enough read of the system (inspection, the power-state
     * sync, the last confirmation) stands for that GET: the PATCH carries its ETag in If-Match, and the BMC's
     * acceptance is the proof that the state it gave is still the state now (see {@link SystemSnapshot}).
     * Returns the confirmed PowerState.
     */
    public Uni<String> power(BmcTarget target, PowerAction action, BootOverride override) {
        // counted as a change at once (the power-state sync looks), built on the BMC's loop once its turn comes
        return connector.gate(target).exclusively(() -> onLoop(target, () -> powerNow(target, action, override)));
    }

    private Uni<String> powerNow(BmcTarget target, PowerAction action, BootOverride override) {
        return Discovery.profile(connector, target).chain(profile -> {
            BmcGate gate = connector.gate(target);
            SystemSnapshot known = gate.system();
            // whatever follows changes the system: the next operation starts from what the confirmation reads
            gate.system(null);
            if (override == null || known == null
                    || !known.usableAt(System.currentTimeMillis(), connector.settings().systemReuseMaxAge().toMillis())) {
                return readThenAct(target, profile, action, override);
            }
            return boot.applyIfUnchanged(target, profile, known, override).chain(unchanged -> {
                (unchanged ? systemReadsSaved : systemReadsStale).increment();
                return unchanged ? act(target, profile, known.state(), action) : readThenAct(target, profile, action, override);
            });
        });
    }

    private Uni<String> readThenAct(BmcTarget target, BmcProfile profile, PowerAction action, BootOverride override) {
        return connector.get(target, profile.systemPath())
                .map(r -> r.requireOk("reading the system"))
                .chain(read -> {
                    JsonNode system = read.project(PowerControl.SYSTEM_STATE);
                    Uni<Void> overrideSet = override == null ? Uni.createFrom().voidItem()
                            : boot.apply(target, profile, system, ConditionalPatch.etagOf(read, system), override);
                    return overrideSet.chain(() -> act(target, profile, system, action));
                });
    }

    private Uni<String> act(BmcTarget target, BmcProfile profile, JsonNode system, PowerAction action) {
        return action == null ? Uni.createFrom().item(system.path("PowerState").asText()) : power.apply(target, profile, system, action);
    }

    public Uni<String> powerState(BmcTarget target) {
        return onLoop(target, () -> Discovery.profile(connector, target).chain(profile -> power.readPowerState(target, profile)));
    }

    /**
     * The PowerState as the BMC keeps it by itself, for the power-state sync: null (and no request sent) while
     * Metalfleet changes this BMC's state (an operation running or waiting its turn), and null when one began while
     * the GET was out. A host seen Off in the middle of our own ForceOff-then-On is not a change made outside
     * Metalfleet, and the operation's result records where it ended. A failure is a failure either way.
     */
    public Uni<String> observedPowerState(BmcTarget target) {
        BmcGate gate = connector.gate(target);
        if (gate.changing()) {
            return Uni.createFrom().nullItem();
        }
        long begun = gate.changesBegun();
        return powerState(target).map(state -> gate.changesBegun() == begun && !gate.changing() ? state : null);
    }

    /** See {@link BmcGate#changesBegun()}: a reading taken while this stayed the same is the BMC's own. */
    public long changesBegun(BmcTarget target) {
        return connector.gate(target).changesBegun();
    }

    /**
     * The system's {@code BootProgress.LastState} (e.g. OSBootStarted, OSRunning), or null where the BMC does not
     * report it: how a server build knows the image has booted. One GET through the same connector and permits.
     */
    public Uni<String> bootProgress(BmcTarget target) {
        return onLoop(target, () -> Discovery.profile(connector, target).chain(profile -> connector.get(target, profile.systemPath()))
                .map(r -> PowerControl.remember(connector, target, r.requireOk("reading the system")).path("BootProgress").path("LastState").asText(null)));
    }

    public Uni<Void> insertMedia(BmcTarget target, String imageUrl) {
        return connector.gate(target).exclusively(() -> onLoop(target, () -> media.insert(target, imageUrl)));
    }

    public Uni<Void> ejectMedia(BmcTarget target) {
        return connector.gate(target).exclusively(() -> onLoop(target, () -> media.eject(target)));
    }

    public Uni<String> insertedMedia(BmcTarget target) {
        return onLoop(target, () -> media.inserted(target));
    }

    /**
     * Every operation is built on its BMC's event loop, not on the caller's thread (a Kafka poll's, a database
     * answer's): the chain that runs there is put together there (see {@link BmcGate#onLoop}).
     */
    private <T> Uni<T> onLoop(BmcTarget target, java.util.function.Supplier<Uni<T>> operation) {
        return connector.gate(target).onLoop(operation);
    }

    /** Logs out of every BMC session (bounded by {@code deadline}), then closes the client. */
    @Override
    public void close() {
        try {
            connector.sessions().logoutAll(java.time.Duration.ofSeconds(10)).await().atMost(java.time.Duration.ofSeconds(15));
        } catch (RuntimeException e) {
            // best effort: sessions left behind expire on the BMCs
        }
        connector.close();
    }
}
