package org.safeguarding.gateway.server.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * Makes the gateway's store unusable, as a failing disk or a database server gone away would, and usable again.
 *
 * <p>On H2 the shared context opens its file through {@code faults:} (this class's file system, registered with H2),
 * which passes every call through until {@link #fail()}, and then fails every read, write and sync with an I/O error.
 * On PostgreSQL the test database stops taking connections and the gateway's are ended.
 */
public final class StoreFaults {

    private static volatile boolean failing;

    static {
        FilePath.register(new FaultyPath());
    }

    private StoreFaults() {}

    /** The H2 URL of application.yml with its file opened through the faulty file system. */
    static String h2Url(String configured) {
        return configured.replace("jdbc:h2:", "jdbc:h2:" + FaultyPath.SCHEME + ":");
    }

    public static void fail() throws SQLException {
        if (Postgres.wanted()) {
            try (Connection c = DriverManager.getConnection(Postgres.get().adminUrl(), Postgres.USER, "")) {
                c.createStatement().execute("ALTER DATABASE " + Postgres.DATABASE + " ALLOW_CONNECTIONS false");
                c.createStatement().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + Postgres.DATABASE + "' AND pid <> pg_backend_pid()");
            }
        } else {
            failing = true;
        }
    }

    public static void recover() throws SQLException {
        if (Postgres.wanted()) {
            try (Connection c = DriverManager.getConnection(Postgres.get().adminUrl(), Postgres.USER, "")) {
                c.createStatement().execute("ALTER DATABASE " + Postgres.DATABASE + " ALLOW_CONNECTIONS true");
            }
        } else {
            failing = false;
        }
    }

    public static final class FaultyPath extends FilePathWrapper {
        static final String SCHEME = "faults";

        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public FileChannel open(String mode) throws IOException {
            return new FaultyChannel(getBase().open(mode));
        }
    }

    private static final class FaultyChannel extends FileBase {
        private final FileChannel base;

        FaultyChannel(FileChannel base) {
            this.base = base;
        }

        private static void check() throws IOException {
            if (failing) {
                throw new IOException("the disk failed (StoreFaults)");
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            check();
            return base.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            check();
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            check();
            return base.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            check();
            return base.write(src, position);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            check();
            base.force(metaData);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            check();
            base.truncate(size);
            return this;
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }
    }
}
