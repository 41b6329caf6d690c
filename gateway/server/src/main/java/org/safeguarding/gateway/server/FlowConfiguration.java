package org.safeguarding.gateway.server;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.delivery.Deliveries;
import org.safeguarding.gateway.core.delivery.SecureCopies;
import org.safeguarding.gateway.core.delivery.SecureCopyRoute;
import org.safeguarding.gateway.core.delivery.mesh.MeshChannel;
import org.safeguarding.gateway.core.flow.DeadLetters;
import org.safeguarding.gateway.core.flow.ErrorPolicy;
import org.safeguarding.gateway.core.flow.Failures;
import org.safeguarding.gateway.core.flow.FlowCall;
import org.safeguarding.gateway.core.flow.FlowLogContext;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsTemplate;

/** What every flow shares: the one error policy with its broker settings and dead letters, secure-copy, and how entry points call flows. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ErrorPolicyProperties.class)
public class FlowConfiguration {

    @Bean
    Failures failures(JdbcClient jdbc, Clock clock) {
        return new Failures(jdbc, clock);
    }

    @Bean
    ErrorPolicy errorPolicy(Failures failures) {
        return new ErrorPolicy(failures);
    }

    /** The log context of the work routes take up on their own threads (Camel applies it to every route). */
    @Bean
    FlowLogContext flowLogContext() {
        return new FlowLogContext();
    }

    @Bean
    FlowCall flowCall(ObjectProvider<ProducerTemplate> templates) {
        return new FlowCall(templates);
    }

    @Bean
    SecureCopies secureCopies(AgencyDirectory agencies, CmsEnvelope cms, Deliveries deliveries, Inbox inbox, Outbox outbox,
            AuditTrail audit, Clock clock, MeshChannel mesh) {
        return new SecureCopies(agencies, cms, deliveries, inbox, outbox, audit, clock, mesh);
    }

    @Bean
    SecureCopyRoute secureCopyRoute(SecureCopies copies) {
        return new SecureCopyRoute(copies);
    }

    /** Set up before any route consumes: a bean the dead letters (and so the routes' error policy) depend on. */
    @Bean
    BrokerManagement brokerManagement(ConnectionFactory broker, ErrorPolicyProperties policy) {
        BrokerManagement management = new BrokerManagement(broker);
        management.applyErrorPolicy(policy);
        return management;
    }

    @Bean
    DeadLetters deadLetters(AccessControl access, ConnectionFactory broker, Failures failures, ObjectProvider<CamelContext> camel,
            BrokerManagement management) {
        JmsTemplate transacted = new JmsTemplate(broker);
        transacted.setSessionTransacted(true);
        return new DeadLetters(access, transacted, failures, () -> DeadLetters.flowsByQueue(camel.getObject().getRoutes()),
                management::queueExists);
    }
}
