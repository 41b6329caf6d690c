package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.gateway.server.support.ConfiguredStore;

/**
 * The embedded file stays within twice the data it holds under the gateway's write pattern: one commit per effect, each
 * appending an audit record and an inbox message and acknowledging an older message, as fast as one connection can (some
 * 2,000 effects a second here, several times the commits of a gateway at full load). The
 * database URL is {@code application.yml}'s, and the housekeeping is the gateway's, on its own schedule. The data the
 * file holds is the size of a copy of its live pages alone (H2's offline compaction, uncompressed).
 */
class EmbeddedStoreHousekeepingTest {

    private static final int EFFECTS = 20_000;

    @TempDir
    Path data;

    @Test
    void theFileStaysWithinTwiceItsDataUnderOneCommitPerEffect() throws Exception {
        long[] sizes = drive(true);
        // about 1.65 here: the housekeeping keeps the rewritable chunks some 80 % live and reuses what dies at once (RETENTION_TIME=0)
        System.out.printf("with housekeeping: file %,d bytes, data %,d bytes%n", sizes[0], sizes[1]);
        assertThat((double) sizes[0] / sizes[1]).as("file / data").isLessThanOrEqualTo(2.0);
    }

    @Test
    void withoutItTheFileGrowsFarBeyondItsData() throws Exception {
        long[] sizes = drive(false);
        System.out.printf("without housekeeping: file %,d bytes, data %,d bytes%n", sizes[0], sizes[1]);
        assertThat((double) sizes[0] / sizes[1]).as("file / data").isGreaterThan(3.0);
    }

    /** The file's size with the database open after the load, and after SHUTDOWN COMPACT. */
    private long[] drive(boolean housekeeping) throws Exception {
        String url = ConfiguredStore.url(data);
        Path file = data.resolve("db/gateway.mv.db");
        var source = new org.h2.jdbcx.JdbcDataSource();
        source.setURL(url);
        source.setUser("gateway");
        var rounds = new EmbeddedStoreHousekeeping(source);
        try (Connection c = DriverManager.getConnection(url, "gateway", ""); Statement s = c.createStatement()) {
            if (housekeeping) {
                rounds.start();
            }
            s.execute("CREATE TABLE audit (seq BIGINT PRIMARY KEY, nhs_number VARCHAR(10), entry VARCHAR(600))");
            s.execute("CREATE INDEX audit_nhs ON audit (nhs_number, seq)");
            s.execute("CREATE TABLE inbox (id VARCHAR(36) PRIMARY KEY, recipient VARCHAR(40), created BIGINT, body VARCHAR(400), acked BIGINT)");
            s.execute("CREATE INDEX inbox_newest ON inbox (recipient, created DESC, id DESC)");
            try (PreparedStatement audit = c.prepareStatement("INSERT INTO audit VALUES (?, ?, ?)");
                    PreparedStatement inbox = c.prepareStatement("INSERT INTO inbox VALUES (?, ?, ?, ?, NULL)");
                    PreparedStatement ack = c.prepareStatement("UPDATE inbox SET acked = ? WHERE id = ?")) {
                for (int i = 1; i <= EFFECTS; i++) {
                    audit.setLong(1, i);
                    audit.setString(2, String.valueOf(9_990_000_000L + i % 5_000));
                    audit.setString(3, "{\"action\":\"lookup\",\"n\":" + i + "}" + random(300));
                    audit.executeUpdate();
                    inbox.setString(1, String.format("%036d", i));
                    inbox.setString(2, "la-" + i % 3);
                    inbox.setLong(3, i);
                    inbox.setString(4, random(200));
                    inbox.executeUpdate();
                    if (i > 100) {
                        ack.setLong(1, i);
                        ack.setString(2, String.format("%036d", i - 100));
                        ack.executeUpdate();
                    }
                }
            }
            if (housekeeping) {
                rounds.stop();
            }
            long open = Files.size(file);
            s.execute("SHUTDOWN IMMEDIATELY");
            Path copy = data.resolve("compacted.mv.db");
            org.h2.mvstore.MVStore.compact(file.toString(), copy.toString(), false, null);
            return new long[] {open, Files.size(copy)};
        }
    }

    private static String random(int length) {
        StringBuilder s = new StringBuilder(length);
        var r = java.util.concurrent.ThreadLocalRandom.current();
        while (s.length() < length) {
            s.append(Long.toString(r.nextLong(), 36));
        }
        return s.substring(0, length);
    }
}
