package org.safeguarding.gateway.core.flow;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.safeguarding.gateway.security.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log context of work a route takes up on its own thread: a message from the broker, a timer's tick, a dropped file.
 * Its lines carry the trace id and caller organisation the message was queued with (the outbox puts them on it, so a
 * delivery made minutes later, on another node, is found by the request's TraceID), else a trace id of its own, and the
 * flow: the id of the route that took the work up, the name {@link Failures} and the dead-letter view use. Work done
 * inside a request (a route an entry point calls) keeps the request's context. A message from the broker ends with one
 * line saying how it went, the reason of a failure scrubbed as the dead-letter view has it; the JMS listener's own
 * report of the failure is left at DEBUG (application.yml), since it repeats the exception's message unscrubbed.
 * Camel applies a RoutePolicyFactory bean to every route.
 *
 * <p>Camel's camel-mdc (4.15+) copies chosen headers into the MDC but names no flow, and removes the keys at the end of
 * any exchange carrying them, a request's own included; this is the few lines the gateway needs instead.
 */
public class FlowLogContext implements RoutePolicyFactory {

    private static final Logger LOG = LoggerFactory.getLogger(FlowLogContext.class);
    /** On an exchange whose unit of work this began: which exchange (a split's parts copy it) and when, for its closing line. */
    private static final String BEGAN = "gatewayLogContextBegan";

    private record Began(String exchangeId, long nanos) {}

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camel, String routeId, NamedNode route) {
        return new Policy();
    }

    /** Per route: the work begins when the route that took it up starts on it (its message is read by then), ends as it leaves. */
    private static final class Policy extends RoutePolicySupport {

        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            if (LogContext.traceId() != null || !route.getRouteId().equals(exchange.getFromRouteId())) {
                return; // within a request, or a route called by another (secure-copy, a split's part): that context goes on
            }
            LogContext.begin(LogContext.traceIdFrom(exchange.getIn().getHeader(LogContext.TRACE_ID, String.class)),
                    exchange.getIn().getHeader(LogContext.ORG, String.class), route.getRouteId());
            exchange.setProperty(BEGAN, new Began(exchange.getExchangeId(), System.nanoTime()));
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            Began began = exchange.getProperty(BEGAN, Began.class);
            if (began == null || !began.exchangeId().equals(exchange.getExchangeId())) {
                return;
            }
            try {
                String queue = Failures.queueOf(exchange.getFromEndpoint() == null ? "" : exchange.getFromEndpoint().getEndpointUri());
                if (!queue.isEmpty()) {
                    long millis = (System.nanoTime() - began.nanos()) / 1_000_000;
                    if (exchange.getException() == null) {
                        LOG.info("message {} from {} handled in {} ms", Failures.messageId(exchange), queue, millis);
                    } else {
                        LOG.warn("message {} from {} failed after {} ms, left to the broker to redeliver: {}", Failures.messageId(exchange),
                                queue, millis, Failures.reason(exchange.getException()));
                    }
                }
            } finally {
                exchange.removeProperty(BEGAN);
                LogContext.end();
            }
        }
    }
}
