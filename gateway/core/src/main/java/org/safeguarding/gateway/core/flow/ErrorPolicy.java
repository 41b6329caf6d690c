package org.safeguarding.gateway.core.flow;

import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The one error policy of every route, in two forms.
 *
 * <ul>
 *   <li>{@link #ID}, for every route that consumes from the broker: no retries in memory (they would be lost in a crash).
 *       A failure is noted for the operators' dead-letter view ({@link Failures}) and goes back to the JMS listener,
 *       which rolls the transaction back; the broker redelivers with back-off, and after the last attempt moves the
 *       message to the queue's dead-letter queue (the settings are {@code gateway.error-policy}).</li>
 *   <li>{@link #IN_CALLER}, for the routes an entry point calls directly (an upload, an outcome, secure-copy): the
 *       failure goes back to the caller as it was thrown, to be answered there (400, 403, 409, ...).</li>
 * </ul>
 */
public class ErrorPolicy extends RouteConfigurationBuilder {

    public static final String ID = "broker-redelivery";
    public static final String IN_CALLER = "in-caller";

    private final Failures failures;

    public ErrorPolicy(Failures failures) {
        this.failures = failures;
    }

    @Override
    public void configuration() {
        // the failure's one log line is FlowLogContext's, its reason scrubbed: Camel's own would print the exception's
        // message and stack as they are, and could print the message's body (a notification: child data)
        routeConfiguration(ID)
                .errorHandler(defaultErrorHandler().logExhausted(false).logExhaustedMessageBody(false).logExhaustedMessageHistory(false))
                .onException(Exception.class).handled(false)
                    .bean(failures, "note")                 // why and when, by the message's id: what operators see if it dead-letters
                .end();
        routeConfiguration(IN_CALLER).errorHandler(noErrorHandler());
    }
}
