package io.metalfleet.provisioning.events;

import java.util.ArrayDeque;
import java.util.Deque;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * A bound taken in bulk and waited for without blocking: the fleet commands one replica has in hand (claimed and not
 * yet recorded; a command is claimed only with a slot, so a replica never holds more items than it runs, and what it
 * has not claimed stays for the partition's next owner), or the claim statements in flight. Waiters are served in
 * the order they came, each with as many as are free up to what it wanted.
 */
final class CommandSlots {

    private record Waiter(UniEmitter<? super Integer> emitter, int wanted) {
    }

    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private int free;

    CommandSlots(int size) {
        this.free = size;
    }

    /** Completes with n in [1, wanted] once at least one slot is free (and every earlier waiter was served). */
    Uni<Integer> acquire(int wanted) {
        return Uni.createFrom().emitter(emitter -> {
            int taken;
            synchronized (this) {
                if (free <= 0 || !waiters.isEmpty()) {
                    waiters.addLast(new Waiter(emitter, wanted));
                    return;
                }
                taken = Math.min(free, wanted);
                free -= taken;
            }
            emitter.complete(taken);
        });
    }

    /** Takes slots for commands that must run anyway (taken over: already claimed); may leave fewer than none free. */
    synchronized void force(int n) {
        free -= n;
    }

    void release(int n) {
        while (true) {
            Waiter woken;
            int given;
            synchronized (this) {
                free += n;
                n = 0;
                if (waiters.isEmpty() || free <= 0) {
                    return;
                }
                woken = waiters.removeFirst();
                given = Math.min(free, woken.wanted());
                free -= given;
            }
            // completed outside the lock: the waiter may acquire or release again at once
            woken.emitter().complete(given);
        }
    }

    synchronized int free() {
        return free;
    }
}
