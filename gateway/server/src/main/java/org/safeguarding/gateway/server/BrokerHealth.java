package org.safeguarding.gateway.server;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.time.Duration;
import java.util.UUID;
import org.springframework.jms.core.JmsTemplate;

/**
 * The broker is healthy while a persistent message sent to this node's health queue comes back: through the journal,
 * as every queued delivery goes, not only a connection that opens.
 */
final class BrokerHealth extends RoundTripHealth {

    private final JmsTemplate jms;
    private final String queue;

    BrokerHealth(ConnectionFactory broker, String node, Duration deadline) {
        super("broker", deadline);
        this.jms = new JmsTemplate(broker);
        this.jms.setDeliveryPersistent(true);
        this.jms.setExplicitQosEnabled(true);
        this.jms.setReceiveTimeout(deadline.toMillis());
        this.queue = "gateway.health." + node;
    }

    @Override
    protected void roundTrip() throws Exception {
        String beat = UUID.randomUUID().toString();
        jms.convertAndSend(queue, beat);
        // an earlier beat left behind by a timed-out round is read and dropped on the way to this one
        for (Message m; (m = jms.receive(queue)) != null; ) {
            if (beat.equals(m.getBody(String.class))) {
                return;
            }
        }
        throw new IllegalStateException("the message sent to " + queue + " did not come back");
    }
}
