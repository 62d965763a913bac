package io.camelgateway.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, started once per test JVM on a free loopback port in a temporary folder,
 * and stopped when the JVM exits. Debian's postgresql package is installed when it is missing (as CI does). As
 * root, the server runs as the postgres user, since initdb refuses root. Each test takes a database of its own.
 */
public final class PostgresServer {
    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path dir, int port, String password) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    /** The server of this test JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "postgres-stop"));
        }
        return shared;
    }

    /** A new, empty database; its JDBC URL. */
    public String newDatabase() {
        String name = "gateway_test_" + databases.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(url("postgres"), user(), password);
             Statement create = admin.createStatement()) {
            create.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database", e);
        }
        return url(name);
    }

    public String user() {
        return "gateway";
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static PostgresServer start() {
        try {
            Path bin = binaries();
            Path dir = Files.createTempDirectory("gateway-postgres");
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Files.writeString(dir.resolve("password"), password);
            if (root()) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
                Files.setOwner(dir.resolve("password"), users.lookupPrincipalByName("postgres"));
            }
            run(60, serverCommand(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                    "-U", "gateway", "--pwfile=" + dir.resolve("password"), "--auth-host=scram-sha-256",
                    "--auth-local=trust", "-E", "UTF8", "--no-sync"));
            int port = freePort();
            run(60, serverCommand(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-l", dir.resolve("server.log").toString(), "-w", "-t", "30", "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
            return new PostgresServer(bin, dir, port, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL for the tests", e);
        }
    }

    private void stop() {
        try {
            run(30, serverCommand(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                    "-m", "immediate", "-w", "stop"));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // Only a temporary folder is left behind.
            }
        }
    }

    /** The newest installed server's binaries; Debian's postgresql package is installed first when none is. */
    private static Path binaries() {
        Optional<Path> installed = newestInstalled();
        if (installed.isEmpty()) {
            if (!root()) {
                throw new IllegalStateException("PostgreSQL is not installed: install Debian's postgresql package "
                        + "(apt-get install postgresql) to run the store's tests");
            }
            run(600, List.of("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
                    + "apt-get install -y -qq postgresql"));
            installed = newestInstalled();
        }
        return installed.orElseThrow(() -> new IllegalStateException("PostgreSQL's initdb is still missing from "
                + DEBIAN_VERSIONS + " after installing postgresql"));
    }

    private static Optional<Path> newestInstalled() {
        if (!Files.isDirectory(DEBIAN_VERSIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<String> serverCommand(String... command) {
        List<String> full = new ArrayList<>();
        if (root()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(int seconds, List<String> command) {
        try {
            Path output = Files.createTempFile("postgres-command", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            String printed = Files.readString(output);
            Files.delete(output);
            if (!finished || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(command.size(), 6)))
                        + (finished ? " failed: " : " took over " + seconds + " s: ") + printed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
