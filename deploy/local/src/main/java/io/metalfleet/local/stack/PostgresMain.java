package io.metalfleet.local.stack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.metalfleet.local.infra.Postgres;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The stack's PostgreSQL. By default a real PostgreSQL 18 from Maven's binaries, data kept in
 * {@code --data-dir}, one database per service; it runs until SIGTERM (zonky's shutdown hook stops
 * the server). With {@code --external} it only creates the databases on the server named by the
 * environment variable {@code METALFLEET_PG_URL} (an environment variable, so the password never
 * shows in {@code ps}) and writes that server's coordinates to {@code --env-out} for the script.
 */
@Command(name = "postgres", mixinStandardHelpOptions = true, description = "Runs or prepares the stack's PostgreSQL.")
public final class PostgresMain implements Callable<Integer> {

    static final String READY = "metalfleet-ready";

    @Option(names = "--port", defaultValue = "5433")
    int port;

    @Option(names = "--data-dir", description = "kept across restarts")
    Path dataDir;

    @Option(names = "--databases", split = ",", defaultValue = "inventory,provisioning,identity,cert")
    List<String> databases;

    @Option(names = "--external", description = "use METALFLEET_PG_URL instead of starting a server")
    boolean external;

    @Option(names = "--env-out", description = "with --external: shell file receiving PG_HOST, PG_PORT, PG_USER, PG_PASSWORD")
    Path envOut;

    @Override
    public Integer call() throws Exception {
        return external ? prepareExternal() : runEmbedded();
    }

    private int runEmbedded() throws Exception {
        if (dataDir == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--data-dir is required");
        }
        Postgres postgres = Postgres.start(port, dataDir.toAbsolutePath());
        databases.forEach(postgres::createDatabase);
        System.out.println(READY + ": PostgreSQL on 127.0.0.1:" + postgres.port() + ", databases " + databases
                + ", data in " + dataDir.toAbsolutePath());
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }

    private int prepareExternal() throws Exception {
        String raw = System.getenv("METALFLEET_PG_URL");
        if (raw == null || raw.isBlank()) {
            System.err.println("METALFLEET_PG_URL is not set");
            return 2;
        }
        PgUrl url = PgUrl.parse(raw);
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl("postgres"), url.user(), url.password())) {
            for (String database : databases) {
                createIfMissing(connection, database);
            }
        } catch (SQLException e) {
            System.err.println("cannot prepare the databases on " + url.host() + ":" + url.port() + " as " + url.user()
                    + ": " + e.getMessage());
            return 1;
        }
        if (envOut != null) {
            writeEnv(url);
        }
        System.out.println(READY + ": PostgreSQL at " + url.host() + ":" + url.port() + ", databases " + databases);
        return 0;
    }

    private static void createIfMissing(Connection connection, String database) throws SQLException {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
        }
        try (Statement create = connection.createStatement()) {
            create.execute("CREATE DATABASE " + database);
        }
    }

    private void writeEnv(PgUrl url) throws Exception {
        String text = "PG_HOST=" + shellQuote(url.host()) + "\n"
                + "PG_PORT=" + url.port() + "\n"
                + "PG_USER=" + shellQuote(url.user()) + "\n"
                + "PG_PASSWORD=" + shellQuote(url.password()) + "\n";
        Files.deleteIfExists(envOut);
        Files.createFile(envOut, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(envOut, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Single-quoted for sh: safe for any character, a quote becomes '\''. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    public static void main(String[] args) {
        int rc = new CommandLine(new PostgresMain()).execute(args);
        System.exit(rc);
    }
}
