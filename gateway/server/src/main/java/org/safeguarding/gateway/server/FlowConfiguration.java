package org.safeguarding.gateway.server;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.delivery.DeliveryQueues;
import org.safeguarding.gateway.core.delivery.Deliveries;
import org.safeguarding.gateway.core.delivery.SecureCopies;
import org.safeguarding.gateway.core.delivery.SecureCopyRoute;
import org.safeguarding.gateway.core.delivery.mesh.MeshChannel;
import org.safeguarding.gateway.core.flow.DeadLetters;
import org.safeguarding.gateway.core.flow.ErrorPolicy;
import org.safeguarding.gateway.core.flow.Failures;
import org.safeguarding.gateway.core.flow.FlowCall;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
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

    @Bean
    DeadLetters deadLetters(AccessControl access, ConnectionFactory broker, Failures failures, ObjectProvider<CamelContext> camel,
            EmbeddedActiveMQ embedded) {
        JmsTemplate transacted = new JmsTemplate(broker);
        transacted.setSessionTransacted(true);
        return new DeadLetters(access, transacted, failures, () -> DeadLetters.flowsByQueue(camel.getObject().getRoutes()),
                qualified -> {
                    String[] addressAndQueue = qualified.split("::", 2);
                    var queue = embedded.getActiveMQServer().locateQueue(SimpleString.of(addressAndQueue[1]));
                    return queue != null && queue.getAddress().toString().equals(addressAndQueue[0]);
                });
    }

    /**
     * The broker's half of the error policy: every queue redelivers with back-off and then dead-letters to
     * {@code DLQ.<queue>}, which the broker creates on first use; a copy that failed every attempt on a channel (push,
     * MESH) goes to the channel's own dead-letter queue, whose route marks the copy failed for operators.
     */
    @Bean
    ArtemisConfigurationCustomizer redeliveryWithBackOff(ErrorPolicyProperties policy) {
        return configuration -> {
            configuration.addAddressSetting("#", deadLetteredTo("#", policy.redelivery()));
            policy.queues().forEach((queue, redelivery) -> configuration.addAddressSetting(queue, deadLetteredTo(queue, redelivery)));
            DeliveryQueues.CHANNELS.forEach((queue, deadLetters) -> {
                configuration.addAddressSetting(queue, deadLetteredTo(queue, policy.forQueue(queue)));
                configuration.addQueueConfiguration(QueueConfiguration.of(deadLetters).setAddress(deadLetters)
                        .setRoutingType(RoutingType.ANYCAST).setDurable(true));
            });
        };
    }

    private static AddressSettings deadLetteredTo(String queue, ErrorPolicyProperties.Redelivery r) {
        AddressSettings settings = new AddressSettings().setRedeliveryDelay(r.firstDelay().toMillis()).setRedeliveryMultiplier(r.multiplier())
                .setMaxRedeliveryDelay(r.maxDelay().toMillis()).setMaxDeliveryAttempts(r.maxAttempts());
        if (DeliveryQueues.CHANNELS.containsKey(queue)) {
            return settings.setDeadLetterAddress(SimpleString.of(DeliveryQueues.CHANNELS.get(queue)));
        }
        return settings.setDeadLetterAddress(SimpleString.of("DLQ")).setAutoCreateDeadLetterResources(true)
                .setDeadLetterQueuePrefix(SimpleString.of(DeadLetters.PREFIX));
    }
}
