package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safeguarding.gateway.server.support.ConfiguredStore;

/**
 * Every commit answered before a {@code kill -9} is in the store when it is opened again, while the gateway's housekeeping
 * compacts it: a child JVM commits as fast as eight connections can (in transactions, and in auto-commit mode) through the
 * gateway's {@link EmbeddedStoreCommits} on application.yml's URL, printing each commit once it returns; it is killed
 * after a few seconds, the store is opened, and every printed commit must be there. The same store is used round after
 * round, so later rounds start from a file with space to reuse. Without {@code EmbeddedStoreCommits} (the raw H2 data
 * source) H2 2.5.252 opened the store up to 150 commits back in about half of such rounds.
 */
class EmbeddedStoreCrashTest {

    private static final int ROUNDS = 6;

    @TempDir
    Path data;

    @Test
    void everyCommitAnsweredBeforeAKillIsThereAfterIt() throws Exception {
        String url = ConfiguredStore.url(data);
        for (int round = 1; round <= ROUNDS; round++) {
            List<Long> answered = runAndKill(url, 2_000 + ThreadLocalRandom.current().nextInt(2_000));
            try (Connection c = DriverManager.getConnection(url, "gateway", "");
                    PreparedStatement missing = c.prepareStatement("SELECT COUNT(*) FROM crash_test WHERE seq = ?")) {
                List<Long> lost = new ArrayList<>();
                for (long seq : answered) {
                    missing.setLong(1, seq);
                    try (ResultSet r = missing.executeQuery()) {
                        r.next();
                        if (r.getLong(1) == 0) {
                            lost.add(seq);
                        }
                    }
                }
                System.out.printf("round %d: %,d commits answered before the kill, %d missing after it%n", round, answered.size(),
                        lost.size());
                assertThat(answered).as("round " + round + " committed something").isNotEmpty();
                assertThat(lost).as("answered commits missing after the kill in round " + round).isEmpty();
            }
        }
    }

    /** The commits the child printed before it was killed. */
    private static List<Long> runAndKill(String url, int millis) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Writer.class.getName(), url)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Long> answered = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("C ")) {
                        synchronized (answered) {
                            answered.add(Long.parseLong(line.substring(2)));
                        }
                    }
                }
            } catch (Exception killed) {
                // the child's end of the pipe went with it
            }
        });
        reader.start();
        Thread.sleep(millis);
        child.destroyForcibly(); // SIGKILL
        child.waitFor(30, TimeUnit.SECONDS);
        reader.join(10_000);
        synchronized (answered) {
            return List.copyOf(answered);
        }
    }

    /** The child: eight writers and the gateway's housekeeping, on the store at {@code args[0]}. */
    public static final class Writer {
        public static void main(String[] args) throws Exception {
            EmbeddedStoreCommits store = new EmbeddedStoreCommits(args[0], "gateway", "");
            try (Connection c = store.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS crash_test (seq BIGINT PRIMARY KEY, body VARCHAR(600))");
                s.execute("CREATE TABLE IF NOT EXISTS crash_test_inbox (seq BIGINT PRIMARY KEY, body VARCHAR(300), acked BIGINT)");
            }
            AtomicLong seq = new AtomicLong();
            try (Connection c = store.getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT GREATEST((SELECT COALESCE(MAX(seq), 0) FROM crash_test),"
                            + " (SELECT COALESCE(MAX(seq), 0) FROM crash_test_inbox))")) {
                r.next();
                seq.set(r.getLong(1));
            }
            new EmbeddedStoreHousekeeping(store).start();
            String body = "x".repeat(500);
            for (int w = 0; w < 8; w++) {
                boolean autoCommit = w % 4 == 3;
                new Thread(() -> {
                    try (Connection c = store.getConnection();
                            PreparedStatement record = c.prepareStatement("INSERT INTO crash_test VALUES (?, ?)");
                            PreparedStatement message = c.prepareStatement("INSERT INTO crash_test_inbox VALUES (?, ?, NULL)");
                            PreparedStatement ack = c.prepareStatement("UPDATE crash_test_inbox SET acked = ? WHERE seq = ?")) {
                        c.setAutoCommit(autoCommit);
                        while (true) {
                            long i = seq.incrementAndGet();
                            message.setLong(1, i);
                            message.setString(2, body.substring(0, 200));
                            message.executeUpdate();
                            ack.setLong(1, i);
                            ack.setLong(2, i - 500);
                            ack.executeUpdate();
                            record.setLong(1, i);
                            record.setString(2, body + i);
                            record.executeUpdate();
                            if (!autoCommit) {
                                c.commit();
                            }
                            synchronized (System.out) {
                                System.out.println("C " + i);
                                System.out.flush();
                            }
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                    }
                }).start();
            }
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
