package io.camelgateway.store;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import io.camelgateway.config.ConfigSection;

/**
 * Where the gateway's store is: PostgreSQL when GATEWAY_DATABASE_URL or gateway.yaml's {@code store.url} names one
 * (the variable wins), else an H2 database in a file under the data folder, which needs no server.
 *
 * @param url            a JDBC URL: jdbc:postgresql://... or jdbc:h2:...
 * @param user           the database user, or null (PostgreSQL may take it from the URL)
 * @param password       the database password, or null; never logged
 * @param maxConnections the most connections the store holds open
 */
public record StoreSettings(String url, String user, String password, int maxConnections) {
    public static final String URL_VARIABLE = "GATEWAY_DATABASE_URL";
    public static final String USER_VARIABLE = "GATEWAY_DATABASE_USER";
    public static final String PASSWORD_VARIABLE = "GATEWAY_DATABASE_PASSWORD";

    /**
     * @param store       gateway.yaml's {@code store:} block (url, user, password)
     * @param environment the environment variables
     * @param secrets     resolves a reference (env:NAME, file:PATH, or the value itself) to its value
     * @param dataDir     the folder of the embedded database
     */
    public static StoreSettings from(ConfigSection store, UnaryOperator<String> environment,
                                     UnaryOperator<String> secrets, Path dataDir, int maxConnections) {
        String url = blankToNull(environment.apply(URL_VARIABLE));
        String user;
        String password;
        if (url != null) {
            user = blankToNull(environment.apply(USER_VARIABLE));
            password = blankToNull(environment.apply(PASSWORD_VARIABLE));
            String problem = problem(url);
            if (problem != null) {
                throw new IllegalArgumentException(URL_VARIABLE + " " + problem);
            }
        } else if (store.has("url")) {
            url = store.requiredText("url");
            user = store.has("user") ? blankToNull(secrets.apply(store.requiredText("user"))) : null;
            password = store.has("password") ? blankToNull(secrets.apply(store.requiredText("password"))) : null;
            String problem = problem(url);
            if (problem != null) {
                throw store.invalid("url", problem);
            }
        } else {
            // WRITE_DELAY=0: a revocation is on disk when the admin API answers, not a second later.
            // DB_CLOSE_ON_EXIT=FALSE: the gateway closes it on stop, after the poller, not H2's shutdown hook before.
            // MAX_COMPACT_TIME=0: H2's compaction on close fails its own assertions (2.3 and 2.4); a few small
            // tables need none, and H2 still compacts in the background.
            url = "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("gateway")
                    + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=0";
            user = null;
            password = null;
        }
        return new StoreSettings(url, user, password, maxConnections);
    }

    public boolean embedded() {
        return url.startsWith("jdbc:h2:");
    }

    /** The database, for log lines: its kind and address, without user, password or parameters. */
    public String description() {
        if (embedded()) {
            String file = url.substring("jdbc:h2:".length()).replaceFirst("^file:", "");
            int options = file.indexOf(';');
            return "H2 database " + (options < 0 ? file : file.substring(0, options));
        }
        String address = url.substring("jdbc:postgresql:".length());
        int query = address.indexOf('?');
        address = query < 0 ? address : address.substring(0, query);
        return "PostgreSQL at " + address.substring(address.indexOf('@') + 1).replaceFirst("^//", "");
    }

    @Override
    public String toString() {
        return description();
    }

    /** What is wrong with the URL, without repeating it (it may hold a password), or null. */
    private static String problem(String url) {
        return url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:h2:") ? null
                : "must be a PostgreSQL JDBC URL, as jdbc:postgresql://host:5432/database (or jdbc:h2:... for H2)";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
