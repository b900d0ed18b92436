package io.metalfleet.provisioning.persistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgException;

/**
 * Group commit: the writes submitted while one transaction runs go together in the next, at most one transaction per
 * interval and {@code maxBatch} writes per transaction. Thousands of results finishing within seconds (a fleet
 * operation's items, the inspections of a fleet's enrollment) cost a few dozen transactions instead of one each, and
 * hold one pooled connection instead of queueing for all of them. A write's Uni completes when its batch committed
 * (or fails with it), so whoever waits on it (a Kafka acknowledgement) knows the write is stored.
 */
public final class GroupCommit<T> {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);

    /** How a failed batch is tried again: which failures, how many times, with what backoff. */
    public record Retry(Predicate<Throwable> retryable, int attempts, Duration backoff, Duration backoffMax) {
    }

    /** PostgreSQL ended one side of a deadlock (40P01) or a serialization failure (40001): the batch can go again. */
    public static boolean conflict(Throwable failure) {
        return failure instanceof PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }

    private record Pending<T>(T write, UniEmitter<? super Void> done) {
    }

    private final Vertx vertx;
    private final Pool pool;
    private final Duration interval;
    private final int maxBatch;
    private final BiFunction<SqlClient, List<T>, Uni<Void>> transaction;
    private final Retry retry;

    private final List<Pending<T>> queue = new ArrayList<>();
    private boolean flushing;
    private long lastFlushStarted;

    /** {@code transaction} writes a batch in the transaction it is given. */
    public GroupCommit(Vertx vertx, Pool pool, Duration interval, int maxBatch, Retry retry,
            BiFunction<SqlClient, List<T>, Uni<Void>> transaction) {
        this.vertx = vertx;
        this.pool = pool;
        this.interval = interval;
        this.maxBatch = maxBatch;
        this.retry = retry;
        this.transaction = transaction;
    }

    public Uni<Void> submit(T write) {
        return Uni.createFrom().emitter(done -> {
            synchronized (this) {
                queue.add(new Pending<>(write, done));
            }
            flushWhenDue();
        });
    }

    /** Starts a flush now, or once the interval since the last one passed; nothing when one is running or queued. */
    private void flushWhenDue() {
        long wait;
        synchronized (this) {
            if (flushing || queue.isEmpty()) {
                return;
            }
            flushing = true;
            wait = lastFlushStarted + interval.toNanos() - System.nanoTime();
        }
        if (wait > 1_000_000) {
            vertx.setTimer(wait / 1_000_000, id -> flush());
        } else {
            flush();
        }
    }

    private void flush() {
        List<Pending<T>> batch;
        synchronized (this) {
            lastFlushStarted = System.nanoTime();
            int n = Math.min(queue.size(), maxBatch);
            batch = new ArrayList<>(queue.subList(0, n));
            queue.subList(0, n).clear();
        }
        List<T> writes = batch.stream().map(Pending::write).toList();
        long started = System.nanoTime();
        long[] connected = new long[1];
        int[] attempts = new int[1];
        pool.withTransaction(tx -> {
            if (attempts[0]++ == 0) {
                connected[0] = System.nanoTime();
            }
            return transaction.apply(tx, writes);
        })
                .onFailure(retry.retryable()).retry().withBackOff(retry.backoff(), retry.backoffMax()).atMost(retry.attempts())
                .subscribe().with(ok -> {
                    if (LOG.isDebugEnabled()) {
                        LOG.debugf("group commit of %d writes in %d ms, %d of them waiting for a connection (%d attempts, %d queued behind)",
                                writes.size(), (System.nanoTime() - started) / 1_000_000, (connected[0] - started) / 1_000_000,
                                attempts[0], queued());
                    }
                    done();
                    batch.forEach(p -> p.done().complete(null));
                }, failure -> {
                    done();
                    batch.forEach(p -> p.done().fail(failure));
                });
    }

    private synchronized int queued() {
        return queue.size();
    }

    private void done() {
        synchronized (this) {
            flushing = false;
        }
        flushWhenDue();
    }
}
