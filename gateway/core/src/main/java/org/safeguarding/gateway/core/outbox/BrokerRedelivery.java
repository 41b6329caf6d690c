package org.safeguarding.gateway.core.outbox;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The one error policy of every route that consumes from the broker: no in-memory retries (they
 * would be lost in a crash): a failure goes straight back to the JMS listener, which logs it and
 * rolls the transaction back, and the broker redelivers (with back-off where its address settings
 * say so) or dead-letters the message.
 */
public class BrokerRedelivery extends RouteConfigurationBuilder {

    public static final String ID = "broker-redelivery";

    @Override
    public void configuration() {
        routeConfiguration(ID).errorHandler(noErrorHandler());
    }
}
