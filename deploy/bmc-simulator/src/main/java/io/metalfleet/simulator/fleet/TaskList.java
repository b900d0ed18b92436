package io.metalfleet.simulator.fleet;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Long-running actions of one BMC (202 Accepted + TaskMonitor). A task's effect runs when it is due,
 * on the first look at the task or at the BMC after that — lazily, like the power model.
 */
public final class TaskList {

    private static final int KEEP = 32;
    private final Deque<Task> tasks = new ArrayDeque<>();
    private int nextId = 1;

    public synchronized Task start(String action, long now, long durationMs, Runnable effect) {
        Task t = new Task(Integer.toString(nextId++), action, now, now + durationMs, effect);
        tasks.addLast(t);
        while (tasks.size() > KEEP) {
            Task old = tasks.removeFirst();
            old.completeIfDue(Long.MAX_VALUE);
        }
        return t;
    }

    public synchronized Task get(String id, long now) {
        settle(now);
        for (Task t : tasks) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        return null;
    }

    public synchronized void settle(long now) {
        for (Task t : tasks) {
            t.completeIfDue(now);
        }
    }

    public synchronized java.util.List<Task> all(long now) {
        settle(now);
        return java.util.List.copyOf(tasks);
    }

    /** One task; {@code done} flips once, when the effect has been applied. */
    public static final class Task {
        public final String id;
        public final String action;
        public final long startedAt;
        public final long dueAt;
        private Runnable effect;
        private volatile boolean done;

        Task(String id, String action, long startedAt, long dueAt, Runnable effect) {
            this.id = id;
            this.action = action;
            this.startedAt = startedAt;
            this.dueAt = dueAt;
            this.effect = effect;
        }

        void completeIfDue(long now) {
            if (!done && now >= dueAt) {
                done = true;
                Runnable e = effect;
                effect = null;
                if (e != null) {
                    e.run();
                }
            }
        }

        public boolean done() {
            return done;
        }

        public int percent(long now) {
            if (done) {
                return 100;
            }
            long total = Math.max(1, dueAt - startedAt);
            return (int) Math.min(99, (now - startedAt) * 100 / total);
        }
    }
}
