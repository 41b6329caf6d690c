package org.safeguarding.gateway.core.outbox;

import org.apache.camel.builder.RouteBuilder;

/** Moves committed outbox rows to their broker queues, in order, marking each sent once the broker holds it. */
public class OutboxRelayRoute extends RouteBuilder {

    /** The JMS property carrying a message's stable id, by which every consumer de-duplicates. */
    public static final String MESSAGE_ID = "gatewayMessageId";
    private static final String DESTINATION = "gatewayDestination";

    private final Outbox outbox;
    private final long pollMillis;

    public OutboxRelayRoute(Outbox outbox, long pollMillis) {
        this.outbox = outbox;
        this.pollMillis = pollMillis;
    }

    @Override
    public void configure() {
        from("timer:outbox-relay?delay=" + pollMillis + "&period=" + pollMillis).routeId("outbox-relay")
                .process(e -> e.getMessage().setBody(outbox.pending(200)))
                .split(body()).stopOnException()
                    .setHeader(MESSAGE_ID, simple("${body.id}"))
                    .setHeader(DESTINATION, simple("${body.destination}"))
                    .setBody(simple("${body.payload}"))
                    .toD("jms:queue:${header." + DESTINATION + "}")
                    .process(e -> outbox.markSent(e.getMessage().getHeader(MESSAGE_ID, String.class)))
                .end();
    }
}
