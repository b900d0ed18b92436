package io.metalfleet.provisioning.domain;

import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metalfleet.provisioning.config.ProvisioningConfig;
import io.metalfleet.provisioning.persistence.GroupCommit;
import io.metalfleet.provisioning.persistence.OperationRepository;
import io.metalfleet.provisioning.persistence.OperationRepository.ItemResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Writes fleet-operation results in batches ({@link GroupCommit}): 10,000 servers finishing within seconds cost a few
 * dozen transactions instead of 10,000, each of which would also have to wait its turn on the operation's row. A
 * result's Uni completes when its batch committed (or fails with it), so a command is acknowledged only once its result
 * is stored.
 */
@ApplicationScoped
public class OperationResults {

    /** At most this many results in one transaction (arrays of this size are one statement's parameters). */
    static final int MAX_BATCH = 5000;

    @Inject
    Pool pool;
    @Inject
    OperationRepository operations;
    @Inject
    ProvisioningConfig config;
    @Inject
    Vertx vertx;

    private GroupCommit<ItemResult> writes;

    @PostConstruct
    void init() {
        // a batch that meets a deadlock (or a serialization failure) goes again
        writes = new GroupCommit<>(vertx, pool, config.operations().resultFlushInterval(), MAX_BATCH,
                new GroupCommit.Retry(GroupCommit::conflict, 5, Duration.ofMillis(20), Duration.ofMillis(500)),
                operations::finishAll);
    }

    public Uni<Void> record(ItemResult result) {
        return writes.submit(result);
    }
}
