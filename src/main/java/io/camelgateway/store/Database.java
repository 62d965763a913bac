package io.camelgateway.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelgateway.Background;

/**
 * The store's database, opened once at start: a small pool of connections, and the schema brought up to date by
 * Flyway from the migrations in io/camelgateway/store/migration. Each kind of record has its own repository on top.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String MIGRATIONS = "classpath:io/camelgateway/store/migration";
    /** Flyway's history table, named so that it cannot meet an application's own in a shared database. */
    private static final String HISTORY_TABLE = "gateway_schema_history";

    private final Supplier<HikariDataSource> opened;
    private final StoreSettings settings;

    private Database(Supplier<HikariDataSource> opened, StoreSettings settings) {
        this.opened = opened;
        this.settings = settings;
    }

    /**
     * Connects and migrates the schema.
     *
     * @throws IllegalStateException saying which database could not be opened, and why
     */
    public static Database open(StoreSettings settings) {
        HikariDataSource pool = connectAndMigrate(settings);
        return new Database(() -> pool, settings);
    }

    /**
     * Connects and migrates the schema on a thread of its own, so that the start-up goes on meanwhile (a fresh H2
     * store and its migrations are a good part of it). Each use waits for it; {@link #awaitOpen} says whether it
     * opened.
     */
    public static Database openInBackground(StoreSettings settings) {
        return new Database(new Background<>("store-open", () -> connectAndMigrate(settings)), settings);
    }

    /**
     * Waits until the store is open and migrated.
     *
     * @throws IllegalStateException saying which database could not be opened, and why
     */
    public void awaitOpen() {
        pool();
    }

    private HikariDataSource pool() {
        return opened.get();
    }

    private static HikariDataSource connectAndMigrate(StoreSettings settings) {
        long began = System.nanoTime();
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(settings));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot open the store (" + settings.description() + "): "
                    + rootMessage(e) + hint(settings, e), e);
        }
        try {
            MigrateResult result = Flyway.configure(Database.class.getClassLoader())
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    .table(HISTORY_TABLE)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            LOG.info("Store: {}, schema version {} (opened and migrated in {} ms)", settings.description(),
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    (System.nanoTime() - began) / 1_000_000);
            return pool;
        } catch (RuntimeException e) {
            pool.close();
            throw new IllegalStateException("Cannot migrate the store's schema (" + settings.description() + "): "
                    + rootMessage(e), e);
        }
    }

    public DataSource dataSource() {
        return pool();
    }

    /**
     * Runs the work in one transaction on a pooled connection: committed when it returns, rolled back when it throws.
     *
     * @throws StoreException when the database fails or cannot be reached
     */
    public <T> T transaction(Work<T> work) {
        try (Connection connection = pool().getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(settings.description() + " failed (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** What a repository does in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public StoreSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (!(opened instanceof Background<HikariDataSource> opening && opening.failed())) {
            pool().close();
        }
    }

    private static HikariConfig poolConfig(StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gateway-store");
        config.setJdbcUrl(settings.url());
        if (settings.user() != null) {
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.maxConnections());
        config.setMinimumIdle(1);
        // A store that does not answer must fail an admin call or a poll within seconds, not hold it.
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        return config;
    }

    private static String hint(StoreSettings settings, RuntimeException e) {
        if (settings.embedded() && anyMessageContains(e, "already in use")) {
            return ". Another gateway has this data folder open: give each instance its own gateway.data-dir, or "
                    + "let them share a PostgreSQL database (GATEWAY_DATABASE_URL)";
        }
        return "";
    }

    private static boolean anyMessageContains(Throwable failure, String text) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
