package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.gateway.server.support.ConfiguredStore;

/**
 * The embedded store survives a thread interrupted in the middle of a read (a request's async time-out, an executor
 * shut down, a cancelled future). With H2's {@code file:} the JDK closes the file channel under the interrupted thread,
 * and every later read and write on the database fails ({@code MVStoreException ... ClosedChannelException}) until the
 * gateway restarts. The database URL of {@code application.yml} is opened here on a scratch database with a 1 MB cache,
 * so that the read really goes to the file.
 */
class H2InterruptTest {

    @TempDir
    Path data;

    @Test
    void aReaderInterruptedMidReadLeavesTheStoreReadableAndWritable() throws Exception {
        String url = ConfiguredStore.url(data) + ";CACHE_SIZE=1024";
        try (Connection c = DriverManager.getConnection(url, "gateway", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bulk (id INT PRIMARY KEY, filler VARCHAR(1000))");
            s.execute("INSERT INTO bulk SELECT \"X\", REPEAT('x', 900) FROM SYSTEM_RANGE(1, 100000)");
        }
        try (Connection other = DriverManager.getConnection(url, "gateway", "")) {
            AtomicReference<Object> readerEnded = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, "gateway", ""); Statement s = c.createStatement()) {
                    for (int i = 0; i < 20; i++) {
                        try (ResultSet r = s.executeQuery("SELECT SUM(LENGTH(filler)) FROM bulk WHERE MOD(id, 7) = " + i % 7)) {
                            r.next();
                        }
                    }
                    readerEnded.set("finished");
                } catch (SQLException | RuntimeException e) {
                    readerEnded.set(e);
                }
            });
            reader.start();
            Thread.sleep(200);
            assertThat(reader.isAlive()).as("still reading when interrupted").isTrue();
            reader.interrupt();
            reader.join();

            try (Statement s = other.createStatement()) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*), SUM(LENGTH(filler)) FROM bulk")) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getLong(1)).as("every row still readable by another connection").isEqualTo(100_000);
                }
                assertThat(s.executeUpdate("INSERT INTO bulk VALUES (0, 'after the interrupt')")).as("and writable").isEqualTo(1);
            }
        }
    }
}
