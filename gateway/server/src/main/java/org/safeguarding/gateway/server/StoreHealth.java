package org.safeguarding.gateway.server;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store is healthy while this node can write its heartbeat row and read it back in one transaction. A pool's
 * validation query is not enough: an embedded store can answer {@code SELECT 1} from memory after its file has failed (H2 did).
 */
final class StoreHealth extends RoundTripHealth {

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final String node;

    StoreHealth(DataSource dataSource, TransactionTemplate transaction, String node, Duration deadline) {
        super("store", deadline);
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.transaction = transaction;
        this.node = node;
    }

    @Override
    protected void roundTrip() {
        long beat = System.nanoTime();
        Long read = transaction.execute(status -> {
            if (jdbc.sql("UPDATE store_heartbeat SET beat = ? WHERE node = ?").params(beat, node).update() == 0) {
                jdbc.sql("INSERT INTO store_heartbeat (node, beat) VALUES (?, ?)").params(node, beat).update();
            }
            return jdbc.sql("SELECT beat FROM store_heartbeat WHERE node = ?").param(node).query(Long.class).single();
        });
        if (read == null || read != beat) {
            throw new IllegalStateException("the heartbeat read back is not the one written");
        }
    }

    /** Connections that saw the store fail may be broken for good; the next ones open it afresh. */
    @Override
    protected void afterFailure() {
        if (dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }
}
