package org.safeguarding.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;
import org.safeguarding.gateway.server.support.GatewayProcess;

/** The PostgreSQL ./run stores into, started, stopped, refused to a second gateway, and recovered after SIGKILL. */
class EmbeddedPostgresTest {

    /** Under target/, not /tmp: as root the server runs as nobody, which must reach the folder (JUnit's are private). */
    private final Path data = Path.of("target/embedded-postgres-test", UUID.randomUUID().toString()).toAbsolutePath();

    @AfterEach
    void removeData() throws Exception {
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void keepsWhatWasCommittedAcrossAStopAndASigkillOfGatewayAndServer() throws Exception {
        try (EmbeddedPostgres store = EmbeddedPostgres.start(data)) {
            assertThat(store.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
            try (Connection c = connect(store)) {
                c.createStatement().execute("CREATE TABLE kept (n INT)");
                c.createStatement().execute("INSERT INTO kept VALUES (1)");
            }
            assertThat(Files.getPosixFilePermissions(data.resolve("postgres/password")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }

        EmbeddedPostgres again = EmbeddedPostgres.start(data);
        try (Connection c = connect(again)) {
            c.createStatement().execute("INSERT INTO kept VALUES (2)");
        }
        // as a power cut would leave it: the server and its children killed, no shutdown checkpoint, the lock let go
        GatewayProcess.killEmbeddedPostgres(data);
        again.close();

        try (EmbeddedPostgres recovered = EmbeddedPostgres.start(data); Connection c = connect(recovered);
                ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM kept")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void aSecondGatewayOnTheSameDataIsRefusedAndTheFirstKeepsItsStore() throws Exception {
        try (EmbeddedPostgres store = EmbeddedPostgres.start(data)) {
            assertThatThrownBy(() -> EmbeddedPostgres.start(data)).hasMessageContaining("another gateway is using the store");
            try (Connection c = connect(store); ResultSet one = c.createStatement().executeQuery("SELECT 1")) {
                assertThat(one.next()).isTrue();
            }
        }
    }

    @Test
    void takesNoConnectionWithoutItsPassword() throws Exception {
        try (EmbeddedPostgres store = EmbeddedPostgres.start(data)) {
            assertThatThrownBy(() -> DriverManager.getConnection(store.jdbcUrl(), EmbeddedPostgres.USER, "not-the-password").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        }
    }

    private static Connection connect(EmbeddedPostgres store) throws SQLException {
        return DriverManager.getConnection(store.jdbcUrl(), EmbeddedPostgres.USER, store.password());
    }
}
