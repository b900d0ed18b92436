package io.metalfleet.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints measures as {@code name value unit target}, one a line, so runs compare with diff or awk,
 * and names the machine they ran on (DESIGN.md §5).
 */
public final class Report {

    public static final String NO_TARGET = "-";

    private final PrintStream out;

    public Report(PrintStream out) {
        this.out = out;
    }

    public void machine(String extra) {
        Runtime runtime = Runtime.getRuntime();
        out.printf(Locale.ROOT, "# machine: %d cores, %s %s %s, %s %s, %s%n", runtime.availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), extra);
        line("machine.cores", runtime.availableProcessors(), "cores", NO_TARGET);
    }

    public void line(String name, double value, String unit, String target) {
        out.println(format(name, value, unit, target));
        out.flush();
    }

    static String format(String name, double value, String unit, String target) {
        String number = value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
        return name + " " + number + " " + unit + " " + target;
    }

    public void comment(String text) {
        out.println("# " + text);
        out.flush();
    }
}
