package org.safeguarding.gateway.server;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.jms.ConnectionFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** The store and the broker: the embedded store's housekeeping, and health that does a real round trip through each. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    /** A store that hangs rather than fails: long enough for a commit on an overloaded node, short enough for a load balancer. */
    private static final Duration HEALTH_DEADLINE = Duration.ofSeconds(5);

    /** Nodes sharing a database each write their own heartbeat row, and use their own health queue. */
    private final String node = node();

    /** Whether the store is the embedded H2 one (the default) rather than a PostgreSQL server. */
    private static final String EMBEDDED = "'${spring.datasource.url:}'.startsWith('jdbc:h2:')";

    /** The pool over the embedded store opens its connections through {@link EmbeddedStoreCommits}. */
    @Bean
    @ConditionalOnExpression(EMBEDDED)
    static BeanPostProcessor embeddedStoreCommits() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool && pool.getDataSource() == null) {
                    pool.setDataSource(new EmbeddedStoreCommits(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword()));
                }
                return bean;
            }
        };
    }

    @Bean
    @ConditionalOnExpression(EMBEDDED)
    EmbeddedStoreHousekeeping embeddedStoreHousekeeping(DataSource dataSource) {
        return new EmbeddedStoreHousekeeping(dataSource);
    }

    @Bean
    StoreHealth storeHealthIndicator(DataSource dataSource, TransactionTemplate transaction) {
        return new StoreHealth(dataSource, transaction, node, HEALTH_DEADLINE);
    }

    @Bean
    BrokerHealth brokerHealthIndicator(ConnectionFactory broker) {
        return new BrokerHealth(broker, node, HEALTH_DEADLINE);
    }

    private static String node() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
