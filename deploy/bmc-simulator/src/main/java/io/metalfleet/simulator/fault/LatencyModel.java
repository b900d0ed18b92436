package io.metalfleet.simulator.fault;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a BMC takes before it starts answering. Real BMCs are slow embedded web servers with a long
 * tail, so besides a fixed delay there is a uniform range and an exponential tail around a mean.
 *
 * @param kind   fixed, uniform (between minMs and maxMs) or exponential (mean minMs, capped at maxMs)
 * @param minMs  the fixed delay, the low end of the range, or the exponential mean
 * @param maxMs  the high end of the range or the exponential cap (ignored for fixed)
 */
public record LatencyModel(Kind kind, long minMs, long maxMs) {

    public enum Kind { FIXED, UNIFORM, EXPONENTIAL }

    public static final LatencyModel NONE = new LatencyModel(Kind.FIXED, 0, 0);

    public static LatencyModel fixed(Duration d) {
        return new LatencyModel(Kind.FIXED, d.toMillis(), d.toMillis());
    }

    public static LatencyModel uniform(Duration min, Duration max) {
        return new LatencyModel(Kind.UNIFORM, min.toMillis(), max.toMillis());
    }

    public static LatencyModel exponential(Duration mean, Duration cap) {
        return new LatencyModel(Kind.EXPONENTIAL, mean.toMillis(), cap.toMillis());
    }

    /** Parses "50", "fixed:50", "uniform:20-200" or "exp:50-2000" (milliseconds). */
    public static LatencyModel parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String kind = t.contains(":") ? t.substring(0, t.indexOf(':')) : "fixed";
        String args = t.contains(":") ? t.substring(t.indexOf(':') + 1) : t;
        String[] range = args.split("-");
        long a = Long.parseLong(range[0]);
        long b = range.length > 1 ? Long.parseLong(range[1]) : a;
        return switch (kind) {
            case "fixed" -> new LatencyModel(Kind.FIXED, a, a);
            case "uniform" -> new LatencyModel(Kind.UNIFORM, a, b);
            case "exp", "exponential" -> new LatencyModel(Kind.EXPONENTIAL, a, range.length > 1 ? b : a * 20);
            default -> throw new IllegalArgumentException("latency kind must be fixed, uniform or exp: " + text);
        };
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isZero() {
        return kind == Kind.FIXED && minMs <= 0;
    }

    public long sampleMs() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        return switch (kind) {
            case FIXED -> minMs;
            case UNIFORM -> maxMs <= minMs ? minMs : rnd.nextLong(minMs, maxMs + 1);
            case EXPONENTIAL -> Math.min(maxMs, Math.round(-minMs * Math.log(1 - rnd.nextDouble())));
        };
    }
}
