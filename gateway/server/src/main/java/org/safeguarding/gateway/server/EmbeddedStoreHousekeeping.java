package org.safeguarding.gateway.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Compacts the embedded store in small steps, which H2 does not do under {@code WRITE_DELAY=0}, and syncs the file to
 * disk once a second.
 *
 * <p>Why: {@code WRITE_DELAY=0} is what makes H2 write a transaction to the file as it commits, so that a 2xx survives
 * {@code kill -9}. But with a delay of 0 H2 starts no background writer, and that thread is the only caller of its
 * housekeeping: rewriting the live pages of sparse chunks so that whole chunks die and their space is reused, and moving
 * chunks down so that the file shrinks. Each commit writes a new chunk, and a chunk's space is reused only when none of
 * its pages is live; the pages that stay live (a full leaf of an append-only table, an index page no later commit
 * touches) are spread one or two per chunk. So without housekeeping the file grows for ever: 4.6 GB for well under 1 GB
 * of rows after a few hours of load, and {@code EmbeddedStoreHousekeepingTest} shows ten times its data in seconds.
 *
 * <p>H2's own housekeeping ({@code doHousekeeping}) does this in steps sized for its background writer: up to a quarter of
 * its auto-commit buffer (about 5 MB) of pages rewritten, which the next commit then writes, and up to twice the buffer
 * (38 MB) of chunks moved with several syncs, under the store lock that every commit needs. Each of those steps stalled
 * the commits behind it: a lookup's p99 at 300/s went from 3 ms to 50-85 ms in the soak. So this class takes the same
 * two steps, chosen the way H2 chooses them, but small and often: every {@value #ROUND_MILLIS} ms at most
 * {@value #REWRITE_BYTES} bytes of live pages rewritten from the sparsest chunks (twice that while the chunks are less
 * than {@value #CATCH_UP_BELOW_FILL} % live), and {@value #MOVE_BYTES} bytes of chunks moved when the file is less than
 * {@value #MOVE_BELOW_FILL} % used. A store-shaped load here (2,000 commits a second and a probe at 300/s) kept the file
 * at 1.75 times its data with the probe's p99 at 21 ms, against 1.67 and 71 ms with H2's own steps. The steps are not
 * public in H2 ({@link EmbeddedStoreInternals}). This thread is never interrupted (an interrupted H2 thread is what
 * closed the store before {@code retry:}).
 */
final class EmbeddedStoreHousekeeping implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreHousekeeping.class);

    static final long ROUND_MILLIS = 100;
    /** Live pages rewritten in one step: what the next commit writes on top of its own. */
    static final int REWRITE_BYTES = 1 << 20;
    /**
     * Twice as much while the chunks hold less than this share of live data: a file then about twice its data, as 500,000
     * lookups at full speed left it with 1 MB steps alone (2.02 times).
     */
    static final int CATCH_UP_BELOW_FILL = 55;
    /**
     * H2 under load rewrites while 50 + half the rewritable chunks' live share is below 81 %, that is below 62 % live;
     * steps this small keep up only if they start earlier.
     */
    static final int REWRITE_BELOW_FILL = 80;
    static final long MOVE_BYTES = 2 << 20;
    static final int MOVE_BELOW_FILL = 80;
    /** What the commits of the last second wrote reaches the disk, not only the operating system's cache. */
    private static final long SYNC_MILLIS = 1000;

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
                    store = EmbeddedStoreInternals.store(connection);
                }
            }
            if (store == null || store.isClosed() || store.getFileStore() == null) {
                return;
            }
            compactStep(store);
            long now = System.currentTimeMillis();
            if (now - lastSync >= SYNC_MILLIS) {
                store.getFileStore().sync();
                lastSync = now;
            }
        } catch (SQLException | RuntimeException e) {
            // a store that cannot be used is for health to report; the next round tries again
            LOG.debug("embedded store housekeeping skipped a round: {}", e.toString());
            store = null;
        }
    }

    /** One small step of H2's housekeeping: rewrite the sparsest chunks' live pages, then move chunks down if the file is sparse. */
    private static void compactStep(MVStore store) {
        int rewritableFill = EmbeddedStoreInternals.rewritableChunksFill(store);
        if (rewritableFill < REWRITE_BELOW_FILL) {
            // chunks no fuller than the rewritable ones on average, as H2's own housekeeping picks them under load
            int bytes = store.getFileStore().getChunksFillRate() < CATCH_UP_BELOW_FILL ? 2 * REWRITE_BYTES : REWRITE_BYTES;
            EmbeddedStoreInternals.rewriteChunks(store, bytes, rewritableFill);
        }
        if (store.getFileStore() instanceof RandomAccessStore chunks && store.getFillRate() < MOVE_BELOW_FILL) {
            chunks.compactMoveChunks(101, MOVE_BYTES, store);
        }
    }
}
