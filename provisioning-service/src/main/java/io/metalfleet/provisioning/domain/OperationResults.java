package io.metalfleet.provisioning.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metalfleet.provisioning.config.ProvisioningConfig;
import io.metalfleet.provisioning.persistence.OperationRepository;
import io.metalfleet.provisioning.persistence.OperationRepository.ItemResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;

/**
 * Writes fleet-operation results in batches (group commit): the results that come while one transaction runs go
 * together in the next, at most one transaction per {@code result-flush-interval}. 10,000 servers finishing within
 * seconds cost a few dozen transactions instead of 10,000, each of which would also have to wait its turn on the
 * operation's row. A result's Uni completes when its batch committed (or fails with it), so a command is acknowledged
 * only once its result is stored.
 */
@ApplicationScoped
public class OperationResults {

    /** At most this many results in one transaction (arrays of this size are one statement's parameters). */
    static final int MAX_BATCH = 5000;

    private record Pending(ItemResult result, UniEmitter<? super Void> done) {
    }

    @Inject
    Pool pool;
    @Inject
    OperationRepository operations;
    @Inject
    ProvisioningConfig config;
    @Inject
    Vertx vertx;

    private final List<Pending> queue = new ArrayList<>();
    private boolean flushing;
    private long lastFlushStarted;

    public Uni<Void> record(ItemResult result) {
        return Uni.createFrom().emitter(done -> {
            synchronized (this) {
                queue.add(new Pending(result, done));
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
            wait = lastFlushStarted + config.operations().resultFlushInterval().toNanos() - System.nanoTime();
        }
        if (wait > 1_000_000) {
            vertx.setTimer(wait / 1_000_000, id -> flush());
        } else {
            flush();
        }
    }

    private void flush() {
        List<Pending> batch;
        synchronized (this) {
            lastFlushStarted = System.nanoTime();
            int n = Math.min(queue.size(), MAX_BATCH);
            batch = new ArrayList<>(queue.subList(0, n));
            queue.subList(0, n).clear();
        }
        List<ItemResult> results = batch.stream().map(Pending::result).toList();
        pool.withTransaction(tx -> operations.finishAll(tx, results))
                // PostgreSQL ends one side of a deadlock (40P01) or a serialization failure (40001): that batch goes again
                .onFailure(OperationResults::retryable).retry().withBackOff(Duration.ofMillis(20), Duration.ofMillis(500)).atMost(5)
                .subscribe().with(ok -> {
            done();
            batch.forEach(p -> p.done().complete(null));
        }, failure -> {
            done();
            batch.forEach(p -> p.done().fail(failure));
        });
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }

    private void done() {
        synchronized (this) {
            flushing = false;
        }
        flushWhenDue();
    }
}
