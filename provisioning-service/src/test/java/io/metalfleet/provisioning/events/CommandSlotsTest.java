package io.metalfleet.provisioning.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** The bound on commands in hand and claims in flight: taken in bulk, waiters served in order, never over the bound. */
class CommandSlotsTest {

    private static CompletableFuture<Integer> acquire(CommandSlots slots, int wanted) {
        return slots.acquire(wanted).subscribeAsCompletionStage();
    }

    @Test
    void shouldGiveAsManyAsAreFreeAndServeWaitersInTheOrderTheyCame() {
        CommandSlots slots = new CommandSlots(10);
        assertEquals(6, acquire(slots, 6).join());
        assertEquals(4, acquire(slots, 9).join(), "as many as are free, not more");
        CompletableFuture<Integer> first = acquire(slots, 5);
        CompletableFuture<Integer> second = acquire(slots, 2);
        assertFalse(first.isDone() || second.isDone(), "nothing free: both wait");

        slots.release(3);
        assertEquals(3, first.join(), "the first waiter gets what came free");
        assertFalse(second.isDone(), "the second waits its turn");
        slots.release(4);
        assertEquals(2, second.join());
        assertEquals(2, slots.free());

        List<Integer> order = new ArrayList<>();
        slots.force(5); // taken-over commands run whatever the bound says
        assertEquals(-3, slots.free());
        CompletableFuture<Integer> third = acquire(slots, 1).whenComplete((n, e) -> order.add(3));
        CompletableFuture<Integer> fourth = acquire(slots, 1).whenComplete((n, e) -> order.add(4));
        slots.release(3);
        assertFalse(third.isDone(), "still none free after a forced take");
        slots.release(2);
        assertTrue(third.isDone() && fourth.isDone());
        assertEquals(List.of(3, 4), order);
        assertEquals(0, slots.free());
    }
}
