package io.metalfleet.simulator.fleet;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-BMC observation: requests by method and path, the requests in flight and the highest number ever
 * in flight at once (what a client's per-BMC concurrency limit is checked against), resets received.
 */
public final class Counters {

    /** Keeps a misbehaving client from growing the map without bound. */
    private static final int MAX_PATHS = 256;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger sessionsCreated = new AtomicInteger();
    private final AtomicInteger sessionsRejected = new AtomicInteger();
    private Map<String, long[]> byPath;

    private static final String[] METHODS = {"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OTHER"};

    /** Counts one request; keyed by path then method, so the hot path allocates nothing for a known path. */
    public void requestStarted(String method, String path) {
        requests.incrementAndGet();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        int m = methodIndex(method);
        synchronized (this) {
            if (byPath == null) {
                byPath = new HashMap<>(4);
            }
            long[] c = byPath.get(path);
            if (c == null) {
                c = byPath.computeIfAbsent(byPath.size() >= MAX_PATHS ? "(other)" : path, k -> new long[METHODS.length]);
            }
            c[m]++;
        }
    }

    private static int methodIndex(String method) {
        return switch (method) {
            case "GET" -> 0;
            case "POST" -> 1;
            case "PATCH" -> 2;
            case "DELETE" -> 3;
            case "PUT" -> 4;
            case "HEAD" -> 5;
            default -> 6;
        };
    }

    public void requestFinished() {
        inFlight.decrementAndGet();
    }

    public void resetReceived() {
        resets.incrementAndGet();
    }

    public void sessionCreated() {
        sessionsCreated.incrementAndGet();
    }

    public void sessionRejected() {
        sessionsRejected.incrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public long requests() {
        return requests.get();
    }

    public int resets() {
        return resets.get();
    }

    public int sessionsCreated() {
        return sessionsCreated.get();
    }

    public int sessionsRejected() {
        return sessionsRejected.get();
    }

    public synchronized Map<String, Long> byPath() {
        Map<String, Long> out = new TreeMap<>();
        if (byPath != null) {
            byPath.forEach((path, perMethod) -> {
                for (int m = 0; m < METHODS.length; m++) {
                    if (perMethod[m] > 0) {
                        out.put(METHODS[m] + " " + path, perMethod[m]);
                    }
                }
            });
        }
        return out;
    }

    /** Zeroes everything except what is in flight right now (those requests will still finish). */
    public synchronized void reset() {
        maxInFlight.set(inFlight.get());
        requests.set(0);
        resets.set(0);
        sessionsCreated.set(0);
        sessionsRejected.set(0);
        byPath = null;
    }
}
