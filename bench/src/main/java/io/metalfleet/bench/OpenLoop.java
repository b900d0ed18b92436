package io.metalfleet.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends requests at a fixed rate whatever the responses do (open loop), and measures each one from
 * the moment it was SUPPOSED to be sent. A slow response therefore also charges the requests that
 * queued behind it, instead of hiding them (coordinated omission), and a sender that falls behind
 * its schedule shows up as latency rather than as a lower rate.
 */
public final class OpenLoop {

    /** What one run produced: latencies in microseconds, how many failed, the rate achieved. */
    public record Result(Histogram latencyMicros, long sent, long failed, double achievedPerSecond) {
    }

    private OpenLoop() {
    }

    /**
     * @param request starts one request and completes with true on success (false or exceptionally on failure)
     */
    public static Result run(int perSecond, Duration duration, Supplier<CompletableFuture<Boolean>> request)
            throws InterruptedException {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        Recorder recorder = new Recorder(3);
        AtomicLong failed = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long total = duration.toNanos() / intervalNanos;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            outstanding.incrementAndGet();
            CompletableFuture<Boolean> call;
            try {
                call = request.get();
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            call.whenComplete((ok, error) -> {
                recorder.recordValue(Math.max(1, (System.nanoTime() - intended) / 1_000));
                if (error != null || !Boolean.TRUE.equals(ok)) {
                    failed.incrementAndGet();
                }
                outstanding.decrementAndGet();
            });
        }
        long sendingEnded = System.nanoTime();
        long deadline = sendingEnded + TimeUnit.SECONDS.toNanos(30);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long unanswered = outstanding.get();
        double seconds = (sendingEnded - start) / 1e9;
        return new Result(recorder.getIntervalHistogram(), total, failed.get() + unanswered, total / seconds);
    }
}
