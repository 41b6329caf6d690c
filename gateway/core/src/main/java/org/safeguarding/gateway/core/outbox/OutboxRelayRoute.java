package org.safeguarding.gateway.core.outbox;

import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.scheduling.Timers;
import org.springframework.jms.core.JmsOperations;

/** outbox-relay: moves committed outbox rows to their broker queues in batches, draining the backlog on each tick. */
public class OutboxRelayRoute extends RouteBuilder {

    /** The JMS property carrying a message's stable id, by which every consumer de-duplicates. */
    public static final String MESSAGE_ID = "gatewayMessageId";
    private static final int BATCH = 500;

    private final Outbox outbox;
    private final JmsOperations broker;
    private final long pollMillis;

    /** @param broker a template with transacted sessions, so that each batch is one broker transaction */
    public OutboxRelayRoute(Outbox outbox, JmsOperations broker, long pollMillis) {
        this.outbox = outbox;
        this.broker = broker;
        this.pollMillis = pollMillis;
    }

    @Override
    public void configure() {
        from(Timers.every("outbox-relay", pollMillis)).routeId("outbox-relay")
                .process(e -> {
                    while (outbox.relayPending(broker, BATCH) == BATCH) {
                        // a full batch: there may be more waiting
                    }
                });
    }
}
