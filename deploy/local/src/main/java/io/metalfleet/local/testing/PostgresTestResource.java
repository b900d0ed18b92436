package io.metalfleet.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.metalfleet.local.infra.Postgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real PostgreSQL for a service's tests: one server per test JVM, shared by every test class,
 * with the database named by the init arg {@code database} (default {@code app}).
 * Flyway migrates through the JDBC URL; the service talks through the reactive one.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static Postgres server;
    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Postgres postgres = shared();
        postgres.createDatabase(database);
        return Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(database),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", Postgres.SUPERUSER,
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        // Shared across the test classes of this JVM; the zonky shutdown hook stops it at exit.
    }

    private static synchronized Postgres shared() {
        if (server == null) {
            try {
                server = Postgres.start(0, null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return server;
    }
}
