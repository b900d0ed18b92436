package io.metalfleet.provisioning.events;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * The bound on the fleet commands one replica has in hand (claimed and not yet recorded): a command is claimed only
 * with a slot, so a replica never holds more items than it runs, and what it has not claimed stays for the partition's
 * next owner. Slots are taken in bulk (a Kafka poll's commands are claimed in one statement when that many are free).
 * One waiter at a time: the Kafka batches are dispatched one after the other.
 */
final class CommandSlots {

    private int free;
    private UniEmitter<? super Integer> waiter;
    private int wanted;

    CommandSlots(int size) {
        this.free = size;
    }

    /** Completes with n in [1, wanted] once at least one slot is free, those n slots being taken. */
    Uni<Integer> acquire(int wanted) {
        return Uni.createFrom().emitter(emitter -> {
            int taken;
            synchronized (this) {
                if (waiter != null) {
                    throw new IllegalStateException("command slots are awaited by one dispatcher only");
                }
                if (free <= 0) {
                    this.waiter = emitter;
                    this.wanted = wanted;
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
        UniEmitter<? super Integer> woken;
        int given;
        synchronized (this) {
            free += n;
            if (waiter == null || free <= 0) {
                return;
            }
            woken = waiter;
            waiter = null;
            given = Math.min(free, wanted);
            free -= given;
        }
        woken.complete(given);
    }
}
