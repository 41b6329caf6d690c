package org.safeguarding.gateway.server;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs H2's own housekeeping on the embedded store, which H2 does not run under {@code WRITE_DELAY=0}, and syncs the file
 * to disk once a second.
 *
 * <p>Why: {@code WRITE_DELAY=0} is what makes H2 write a transaction to the file as it commits, so that a 2xx survives
 * {@code kill -9}. But with a delay of 0 H2 starts no background writer, and that thread is the only caller of its
 * housekeeping: rewriting the live pages of sparse chunks so that whole chunks die and their space is reused, and moving
 * chunks down so that the file shrinks. Each commit writes a new chunk, and a chunk's space is reused only when none of
 * its pages is live; the pages that stay live (a full leaf of an append-only table, an index page no later commit
 * touches) are spread one or two per chunk. So without housekeeping the file grows for ever: 4.6 GB for well under 1 GB
 * of rows after a few hours of load, and {@code EmbeddedStoreHousekeepingTest} shows ten times its data in seconds.
 *
 * <p>H2's housekeeping ({@code FileStore.doHousekeeping}, tuned by its authors for the background writer) is protected, so
 * it is called reflectively; the test fails if an H2 upgrade renames it. It takes H2's store lock for a bounded amount
 * of work, so a commit waits at most for that. This thread is never interrupted (an interrupted H2 thread is what
 * closed the store before {@code retry:}).
 */
final class EmbeddedStoreHousekeeping implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreHousekeeping.class);

    /** As often as H2's background writer would run it at its default write delay (500 ms / 3). */
    static final long ROUND_MILLIS = 150;
    /** What the commits of the last second wrote reaches the disk, not only the operating system's cache. */
    private static final long SYNC_MILLIS = 1000;

    private static final Method HOUSEKEEPING = housekeepingMethod();

    private final DataSource dataSource;
    private ScheduledExecutorService thread;
    private MVStore store;
    private long lastSync;

    EmbeddedStoreHousekeeping(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-store-housekeeping");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::round, ROUND_MILLIS, ROUND_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        // shutdown, never shutdownNow: a round in progress ends on its own rather than being interrupted inside H2
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    private void round() {
        try {
            if (store == null || store.isClosed()) {
                // the store H2 has open now: after a failure H2 closes it and opens another on the next connection
                try (Connection connection = dataSource.getConnection()) {
                    store = store(connection);
                }
            }
            if (store == null || store.isClosed() || store.getFileStore() == null) {
                return;
            }
            HOUSEKEEPING.invoke(store.getFileStore(), store);
            long now = System.currentTimeMillis();
            if (now - lastSync >= SYNC_MILLIS) {
                store.getFileStore().sync();
                lastSync = now;
            }
        } catch (SQLException | RuntimeException | ReflectiveOperationException e) {
            // a store that cannot be used is for health to report; the next round tries again
            LOG.debug("embedded store housekeeping skipped a round: {}", e.toString());
            store = null;
        }
    }

    static MVStore store(Connection connection) throws SQLException {
        if (connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session) {
            return session.getDatabase().getStore().getMvStore();
        }
        return null;
    }

    private static Method housekeepingMethod() {
        try {
            Method m = FileStore.class.getDeclaredMethod("doHousekeeping", MVStore.class);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("this H2 has no FileStore.doHousekeeping(MVStore); see EmbeddedStoreHousekeeping", e);
        }
    }
}
