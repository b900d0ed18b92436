package io.metalfleet.simulator;

import java.util.List;

/**
 * The JVM options a simulator process runs with (what the benches and {@code ./metalfleet} pass to
 * {@link SimulatorMain}'s JVM), chosen by measurement (README "Cost per request"):
 * <ul>
 * <li>{@code -XX:TieredStopAtLevel=1}: C1 only. A bench run lasts seconds and serves a few 10,000
 * requests per shard; C2 spent 3x the CPU of serving them on compiling and recompiling the deeply
 * inlined Netty/Vert.x pipeline, while C1's code costs ~40 % more per request once warm.</li>
 * <li>Serial GC and a small heap: one GC thread, and a fixed 24 MiB young generation for the
 * per-request garbage, so that the resident set follows the live set.</li>
 * <li>A small code cache and thread stacks: with C1 only, compiled code stays under 16 MiB.</li>
 * </ul>
 */
public final class SimulatorJvm {

    /**
     * Heap of one simulator process: 5,000 BMCs with a connection each hold ~75 MiB live (half of it
     * Vert.x's per-server and per-connection objects); less and full collections eat the CPU saved.
     */
    public static final String HEAP = "128m";

    /**
     * Heap of one simulator process serving HTTPS: each connection's TLS engine holds its own buffers, and 5,000
     * of them do not fit {@link #HEAP} (a 10,000-BMC HTTPS run on 128 MiB shards spent itself in full collections:
     * handshakes and the control API timed out).
     */
    public static final String TLS_HEAP = "256m";

    private SimulatorJvm() {
    }

    /**
     * The options for a process with at most {@code heap} of heap ({@code -Xmx} syntax; null: the default for the
     * mode). Plain HTTP: C1 only, Serial GC, starting at 48 MiB. HTTPS: C2 and the parallel collector, as measured
     * before (the handshakes' and records' cryptography wants C2's intrinsics), on {@link #TLS_HEAP}.
     */
    public static List<String> options(String heap, boolean tls) {
        if (tls) {
            String max = heap != null ? heap : TLS_HEAP;
            return List.of("-XX:+UseParallelGC", "-Xms" + max, "-Xmx" + max);
        }
        return options(heap != null ? heap : HEAP);
    }

    /** The options for a plain-HTTP process with at most {@code heap} of heap: it starts at 48 MiB and grows on demand. */
    public static List<String> options(String heap) {
        return List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms48m", "-Xmx" + heap, "-Xmn24m",
                "-XX:ReservedCodeCacheSize=48m", "-XX:MaxMetaspaceSize=96m", "-Xss512k");
    }
}
