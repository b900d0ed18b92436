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

    /** BMCs per {@link #HEAP} or {@link #TLS_HEAP}: the shards those were measured with. */
    private static final int SHARD = 5000;

    private SimulatorJvm() {
    }

    /**
     * Heap of one process serving {@code bmcs} BMCs on one port (address per BMC). Plain HTTP: 64 MiB plus 13 KiB
     * per BMC, rounded up to 32 MiB and at least {@link #HEAP}: 192 MiB at 10,000. Measured in the fleet bench at
     * 10,000 BMCs (README "Cost per request"): 60-85 MiB live after full collections (the BMCs, their connections,
     * sessions and rendered Systems), and the heap grew to 158 MiB with a maximum of either 160m or 192m, so the
     * maximum is headroom and costs no resident memory until used. HTTPS: {@link #TLS_HEAP} per 5,000 BMCs, what a
     * shard of 5,000 HTTPS connections needed (not measured beyond one shard).
     */
    public static String heapForOnePort(int bmcs, boolean tls) {
        if (tls) {
            return mib(TLS_HEAP) * ((bmcs + SHARD - 1) / SHARD) + "m";
        }
        long mib = 64 + (bmcs * 13L + 1023) / 1024;
        return Math.max(mib(HEAP), (mib + 31) / 32 * 32) + "m";
    }

    private static long mib(String heap) {
        return Long.parseLong(heap.substring(0, heap.length() - 1));
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
