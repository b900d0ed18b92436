package io.metalfleet.provisioning.redfish.connector;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.metalfleet.provisioning.redfish.vendor.BmcProfile;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.impl.ContextInternal;

/**
 * Everything the engine keeps per BMC (host:port): the concurrency limit shared by every operation,
 * the circuit breaker, what discovery learnt (vendor hooks, resource paths) and the system as last read. Small on purpose:
 * 10,000 of these live at once.
 */
public final class BmcGate {

    final Permits permits;
    /** One state-changing operation at a time per BMC (power, boot, media): they read-then-write. */
    private final Permits changes = new Permits(1);
    /** State-changing operations asked of this BMC so far, and those not yet ended (running or waiting their turn). */
    private final AtomicLong changesBegun = new AtomicLong();
    private final AtomicInteger changesOpen = new AtomicInteger();
    private final int breakerFailures;
    private final long breakerOpenMs;
    private int consecutiveFailures;
    private long openUntil;
    private boolean trialInFlight;
    private String lastFailure;
    private volatile BmcProfile profile;
    private volatile SystemSnapshot system;
    private final ContextInternal context;

    BmcGate(int concurrency, int breakerFailures, long breakerOpenMs, ContextInternal context) {
        this.permits = new Permits(concurrency);
        this.context = context;
        this.breakerFailures = breakerFailures;
        this.breakerOpenMs = breakerOpenMs;
    }

    /**
     * True when a request may go: circuit closed, or open long enough that one trial request may
     * probe the BMC (half-open). A dead BMC thus costs one request per open period, not a timeout per call.
     */
    synchronized boolean admit(long now) {
        if (consecutiveFailures < breakerFailures) {
            return true;
        }
        if (now >= openUntil && !trialInFlight) {
            trialInFlight = true;
            return true;
        }
        return false;
    }

    synchronized void succeeded() {
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    synchronized void failed(long now, String reason) {
        lastFailure = reason;
        consecutiveFailures++;
        trialInFlight = false;
        if (consecutiveFailures >= breakerFailures) {
            openUntil = now + breakerOpenMs;
        }
    }

    synchronized String lastFailure() {
        return lastFailure;
    }

    public synchronized boolean open() {
        return consecutiveFailures >= breakerFailures;
    }

    /**
     * Runs an operation that changes the BMC's state after the previous one finished: two of them
     * interleaved would race on the ETag and on the power state each confirms.
     */
    public <T> Uni<T> exclusively(Supplier<Uni<T>> operation) {
        return Uni.createFrom().deferred(() -> {
            changesBegun.incrementAndGet();
            changesOpen.incrementAndGet();
            return changes.acquire().chain(() -> Uni.createFrom().deferred(operation::get)
                    .onTermination().invoke(changes::release))
                    .onTermination().invoke(changesOpen::decrementAndGet);
        });
    }

    /**
     * How many state-changing operations were asked of this BMC so far: a reading of its state is Metalfleet's own
     * doing, not the BMC's, unless this stayed the same across it and {@link #changing()} was false.
     */
    public long changesBegun() {
        return changesBegun.get();
    }

    /** True while a state-changing operation runs on this BMC or waits for its turn. */
    public boolean changing() {
        return changesOpen.get() > 0;
    }

    /** The event loop every request to this BMC runs on. */
    ContextInternal context() {
        return context;
    }

    /**
     * Builds and runs {@code work} on this BMC's event loop, whatever thread subscribes: an operation's whole chain
     * is then put together on the loop that runs it, under that loop's own settings (the service's engine loops
     * capture no caller's context into every callback, see the service's EngineProducer).
     */
    public <T> Uni<T> onLoop(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> context.runOnContext(v -> {
            Uni<T> operation;
            try {
                operation = work.get();
            } catch (RuntimeException e) {
                emitter.fail(e);
                return;
            }
            Cancellable running = operation.subscribe().with(emitter::complete, emitter::fail);
            emitter.onTermination(running::cancel);
        }));
    }

    @Override
    public synchronized String toString() {
        return "requests " + permits + "; changes " + changes + "; failures in a row " + consecutiveFailures
                + (open() ? " (circuit open)" : "") + "; profile " + (profile != null ? "known" : "unknown");
    }

    public int maxInFlight() {
        return permits.maxInUse();
    }

    public BmcProfile profile() {
        return profile;
    }

    public void profile(BmcProfile discovered) {
        this.profile = discovered;
    }

    /** The system as last read, or null (never read, or forgotten when a change was sent). */
    public SystemSnapshot system() {
        return system;
    }

    public void system(SystemSnapshot read) {
        this.system = read;
    }
}
