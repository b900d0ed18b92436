package io.metalfleet.inventory.persistence;

import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import io.metalfleet.inventory.config.InventoryConfig;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The PostgreSQL pool Quarkus would build, with a bounded wait queue and a short acquisition
 * timeout (metalfleet.database.*). Without them an overloaded service queues requests without limit
 * and answers none in time; with them the excess gets a fast 503 and the rest stays fast.
 */
@Singleton
public class BoundedPoolCreator implements PgPoolCreator {

    private final InventoryConfig config;

    public BoundedPoolCreator(InventoryConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        PoolOptions options = new PoolOptions(input.poolOptions())
                .setMaxWaitQueueSize(config.database().maxWaitQueueSize())
                .setConnectionTimeout((int) config.database().connectionTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), options);
    }
}
