package io.metalfleet.simulator.redfish;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * The simulated latency of the requests of one event loop: each answer waits until its due
 * millisecond, and every answer due in the same millisecond leaves in one wake-up of one Vert.x timer
 * set for the earliest due, instead of a timer per request (a timer map entry and a task in the loop's
 * scheduled-task heap each: ~9 % of a request's CPU with 1,000 requests in flight). Dues are rounded up
 * to the next millisecond, so no answer leaves before its latency has passed. With a fixed latency dues
 * only grow and a FIFO holds them; a drawn latency adds a heap for the answers that overtake others.
 * Confined to its event loop's thread, like the connections it serves.
 */
final class LatencyQueue {

    private static final long NANOS_PER_MS = 1_000_000L;

    private final Vertx vertx;
    private final ArrayDeque<Due> inOrder = new ArrayDeque<>();
    private final PriorityQueue<Due> overtaking = new PriorityQueue<>();
    private final Handler<Long> fire = id -> fire();
    private long timer = -1;
    private long timerAtMs = Long.MAX_VALUE;
    private long sequence;

    LatencyQueue(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Runs {@code task} on this loop once {@code delayMs} have passed. Call on the loop's thread. */
    void after(long delayMs, Runnable task) {
        long dueMs = (System.nanoTime() + delayMs * NANOS_PER_MS + NANOS_PER_MS - 1) / NANOS_PER_MS;
        Due d = new Due(dueMs, sequence++, task);
        Due last = inOrder.peekLast();
        if (last == null || last.atMs <= dueMs) {
            inOrder.addLast(d);
        } else {
            overtaking.add(d);
        }
        if (dueMs < timerAtMs) {
            arm(dueMs);
        }
    }

    private void arm(long atMs) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        timerAtMs = atMs;
        timer = vertx.setTimer(Math.max(1, (atMs * NANOS_PER_MS - System.nanoTime() + NANOS_PER_MS - 1) / NANOS_PER_MS), fire);
    }

    private void fire() {
        timer = -1;
        timerAtMs = Long.MAX_VALUE;
        long nowMs = System.nanoTime() / NANOS_PER_MS;
        while (true) {
            Due a = inOrder.peekFirst();
            Due b = overtaking.peek();
            Due next = a == null ? b : b == null || a.compareTo(b) <= 0 ? a : b;
            if (next == null) {
                return;
            }
            if (next.atMs > nowMs) {
                arm(next.atMs);
                return;
            }
            if (next == a) {
                inOrder.pollFirst();
            } else {
                overtaking.poll();
            }
            try {
                next.task.run();
            } catch (RuntimeException e) {
                // one answer's failure must not strand the answers behind it
                e.printStackTrace();
            }
        }
    }

    /** One waiting answer; among equal dues the earlier request goes first. */
    private record Due(long atMs, long seq, Runnable task) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            return atMs != o.atMs ? Long.compare(atMs, o.atMs) : Long.compare(seq, o.seq);
        }
    }
}
