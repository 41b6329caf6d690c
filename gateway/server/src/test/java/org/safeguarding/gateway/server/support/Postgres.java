package org.safeguarding.gateway.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server of the test run's own (Debian's {@code postgresql} package), started once
 * per JVM on a free port with its data in a temporary folder, and stopped when the JVM exits. The
 * integration tests run against it when {@code -Dit.database=postgresql} (the build's second
 * integration-test execution), so every SQL statement is checked in the production dialect too.
 * PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user.
 */
public final class Postgres {

    public static final String USER = "gateway";
    public static final String DATABASE = "gateway_it";

    private static Postgres instance;

    private final Path bin;
    private final Path data;
    private final int port;

    private Postgres(Path bin, Path data, int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    public static boolean wanted() {
        return "postgresql".equals(System.getProperty("it.database"));
    }

    public static synchronized Postgres get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    /** The server's maintenance database, to act on the test database from outside it. */
    public String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    private static Postgres start() {
        try {
            Path bin = binaries();
            Path data = Files.createTempDirectory("gateway-it-postgres");
            if (asRoot()) {
                UserPrincipal postgres = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(data, postgres);
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Postgres server = new Postgres(bin, data, port);
            // trust on loopback: a throwaway server for this run only, reachable from this machine alone
            server.run("initdb", "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync");
            server.run("pg_ctl", "-D", data.toString(), "-w", "-t", "60", "-l", data.resolve("server.log").toString(), "-o",
                    "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "")) {
                c.createStatement().execute("CREATE DATABASE " + DATABASE);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL started but refused the test database", e);
        }
    }

    /** The newest installed server's binaries; {@code PG_BIN} overrides. */
    private static Path binaries() throws IOException {
        String override = System.getenv("PG_BIN");
        if (override != null) {
            return Path.of(override);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new IllegalStateException("the PostgreSQL integration tests need a PostgreSQL server: apt-get install postgresql,"
                + " or set PG_BIN to the folder holding initdb and pg_ctl");
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void run(String program, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (asRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(program + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(program + " interrupted", e);
        }
    }

    private void stop() {
        try {
            run("pg_ctl", "-D", data.toString(), "-m", "immediate", "stop");
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        } catch (IOException | RuntimeException ignored) {
            // the run is over either way; the folder is a temporary one
        }
    }
}
