package org.safeguarding.gateway.server;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.jms.ConnectionFactory;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store and the broker: the embedded PostgreSQL when no database is configured, and health that does a real round
 * trip through each.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    /** A store that hangs rather than fails: long enough for a commit on an overloaded node, short enough for a load balancer. */
    private static final Duration HEALTH_DEADLINE = Duration.ofSeconds(5);

    /** No PostgreSQL server configured: the gateway runs its own (./run). */
    private static final String EMBEDDED = "'${spring.datasource.url:}'.isEmpty()";

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression(EMBEDDED)
    EmbeddedPostgres embeddedPostgres(GatewayProperties gateway) {
        return EmbeddedPostgresEarlyStart.take(gateway.dataDirectory());
    }

    /** The pool over the embedded server, configured by spring.datasource.hikari.* as Boot's own would be. */
    @Bean
    @ConditionalOnExpression(EMBEDDED)
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres store) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(store.jdbcUrl());
        pool.setUsername(EmbeddedPostgres.USER);
        pool.setPassword(store.password());
        return pool;
    }

    @Bean
    StoreHealth storeHealthIndicator(DataSource dataSource, TransactionTemplate transaction, ClusterProperties cluster) {
        // nodes sharing a database each write their own heartbeat row, and use their own health queue
        return new StoreHealth(dataSource, transaction, cluster.node(), HEALTH_DEADLINE);
    }

    @Bean
    BrokerHealth brokerHealthIndicator(ConnectionFactory broker, ClusterProperties cluster) {
        return new BrokerHealth(broker, cluster.node(), HEALTH_DEADLINE);
    }
}
