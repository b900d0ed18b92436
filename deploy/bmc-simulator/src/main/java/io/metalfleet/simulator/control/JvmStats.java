package io.metalfleet.simulator.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metalfleet.simulator.redfish.Json;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory of this JVM as the bench reports it: heap (optionally after a full GC) and the process RSS. */
public final class JvmStats {

    private JvmStats() {
    }

    public static ObjectNode snapshot(boolean gcFirst) {
        if (gcFirst) {
            System.gc();
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        ObjectNode n = Json.object();
        n.put("heapUsedMiB", heap.getUsed() / (1024 * 1024)).put("heapCommittedMiB", heap.getCommitted() / (1024 * 1024))
                .put("heapMaxMiB", heap.getMax() / (1024 * 1024)).put("rssMiB", rssKiB(Path.of("/proc/self/status")) / 1024)
                .put("threads", Thread.activeCount()).put("availableProcessors", Runtime.getRuntime().availableProcessors())
                .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return n;
    }

    /** VmRSS of a /proc/PID/status file, in KiB; -1 when unknown (not Linux). */
    public static long rssKiB(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
