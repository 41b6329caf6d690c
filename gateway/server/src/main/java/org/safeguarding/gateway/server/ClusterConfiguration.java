package org.safeguarding.gateway.server;

import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.safeguarding.gateway.core.scheduling.DatabaseLeadership;
import org.safeguarding.gateway.core.scheduling.Timers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * What lets several nodes share the work: the scheduled work on one node at a time ({@link DatabaseLeadership}, the same
 * with one node as with many), and the {@code cluster} profile's refusal of the parts one node keeps to itself.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    static final String PROFILE = "cluster";

    ClusterConfiguration(Environment environment) {
        refuseSingleNodeParts(environment); // again for a context started without GatewayApplication.main (a test's)
    }

    @Bean
    DatabaseLeadership databaseLeadership(DataSource dataSource, ClusterProperties cluster, CamelContext camel) throws Exception {
        DatabaseLeadership leadership = new DatabaseLeadership(dataSource, cluster.node(), cluster.leadershipCheck());
        camel.addService(leadership, true, true);
        return leadership;
    }

    /** {@link Timers#ON_ONE_NODE}: the routes of scheduled work start on the node that leads, and stop if it no longer does. */
    @Bean(Timers.ON_ONE_NODE)
    ClusteredRoutePolicy onOneNode(DatabaseLeadership leadership, CamelContext camel) throws Exception {
        ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(leadership, Timers.SCHEDULED_WORK);
        policy.setCamelContext(camel);
        return policy;
    }

    /**
     * Under the {@code cluster} profile, a node refuses to start on a store or broker of its own: another node could
     * neither see what it accepted nor take over its queued work. Called before anything starts (the embedded PostgreSQL
     * is started as soon as the configuration is read).
     */
    static void refuseSingleNodeParts(Environment environment) {
        if (!environment.acceptsProfiles(Profiles.of(PROFILE))) {
            return;
        }
        if (environment.getProperty("spring.datasource.url", "").isBlank()) {
            throw new IllegalStateException("the cluster profile needs the nodes' shared PostgreSQL: set spring.datasource.url"
                    + " (GATEWAY_DATABASE_URL), username and password; a node's own embedded store is refused");
        }
        if (!"native".equals(environment.getProperty("spring.artemis.mode")) || environment.getProperty("spring.artemis.broker-url", "").isBlank()) {
            throw new IllegalStateException("the cluster profile needs the shared Artemis brokers: set spring.artemis.broker-url"
                    + " (GATEWAY_BROKER_URL, a failover URL naming the live and the backup); a node's own embedded broker is refused");
        }
    }
}
