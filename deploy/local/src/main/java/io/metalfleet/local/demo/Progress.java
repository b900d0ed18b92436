package io.metalfleet.local.demo;

import java.io.PrintStream;
import java.time.Duration;

/**
 * What the operator sees while the journey runs. On a terminal a waiting step redraws one live line
 * (a bar and counts); elsewhere (CI logs, pipes) it prints a plain line when the counts change, at
 * most every {@code plainEvery}, so a log stays short and still shows the way.
 */
public final class Progress {

    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final boolean live;
    private final long plainEveryNanos;
    private String lastShown;
    private long lastShownAt;
    private boolean lineOpen;

    public Progress(PrintStream out, boolean live, Duration plainEvery) {
        this.out = out;
        this.live = live;
        this.plainEveryNanos = plainEvery.toNanos();
    }

    public void step(int index, int total, String name) {
        closeLine();
        out.printf("[%d/%d] %s%n", index, total, name);
        lastShown = null;
    }

    /** A waiting step's current state, e.g. {@code [#####-----] 9/20 available · 11 inspecting}. */
    public void update(String status) {
        if (status.equals(lastShown)) {
            return;
        }
        long now = System.nanoTime();
        if (live) {
            out.print("\r\u001b[K      " + status);
            out.flush();
            lineOpen = true;
        } else if (lastShown == null || now - lastShownAt >= plainEveryNanos) {
            out.println("      " + status);
        } else {
            return;
        }
        lastShown = status;
        lastShownAt = now;
    }

    public void detail(String line) {
        closeLine();
        out.println("      " + line);
    }

    public void passed(String result, Duration took) {
        closeLine();
        out.printf("      ok  %s  (%s)%n", result, seconds(took));
    }

    /** The reason follows on the error stream, where the command's failure is reported. */
    public void failed(Duration took) {
        closeLine();
        out.printf("      FAILED after %s%n", seconds(took));
    }

    public static String bar(int done, int total) {
        int filled = total == 0 ? BAR_WIDTH : (int) Math.round((double) BAR_WIDTH * done / total);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + done + "/" + total;
    }

    public static String seconds(Duration took) {
        return String.format("%.1f s", took.toMillis() / 1000.0);
    }

    private void closeLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }
}
