package io.metalfleet.provisioning.redfish.connector;

import java.util.ArrayDeque;

import io.smallrye.mutiny.Uni;

/**
 * A counting limit with a FIFO queue of waiters, and no thread parked: a waiter is a callback run
 * when a permit is handed over. Used once per BMC (the per-BMC concurrency limit every operation
 * shares) and once for the whole fleet (the global in-flight bound).
 */
public final class Permits {

    private final int limit;
    private final ArrayDeque<Runnable> waiters = new ArrayDeque<>();
    private int inUse;
    private int maxInUse;

    public Permits(int limit) {
        this.limit = limit;
    }

    /** Completes when a permit is held; the caller must {@link #release()} exactly once. */
    public Uni<Void> acquire() {
        return Uni.createFrom().emitter(emitter -> acquire(() -> emitter.complete(null)));
    }

    /** Runs {@code held} once a permit is held (at once, or when one is handed over); the caller must {@link #release()} it. */
    public void acquire(Runnable held) {
        boolean now;
        synchronized (this) {
            now = inUse < limit;
            if (now) {
                take();
            } else {
                waiters.add(held);
            }
        }
        if (now) {
            held.run();
        }
    }

    public void release() {
        Runnable next;
        synchronized (this) {
            next = waiters.poll();
            if (next == null) {
                inUse--;
                return;
            }
            // the permit passes straight to the next waiter: inUse stays the same
        }
        next.run();
    }

    private void take() {
        inUse++;
        maxInUse = Math.max(maxInUse, inUse);
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int maxInUse() {
        return maxInUse;
    }

    @Override
    public synchronized String toString() {
        return inUse + "/" + limit + " in use, " + waiters.size() + " waiting";
    }

    synchronized int waiting() {
        return waiters.size();
    }
}
