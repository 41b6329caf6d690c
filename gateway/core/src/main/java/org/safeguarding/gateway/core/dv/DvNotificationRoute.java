package org.safeguarding.gateway.core.dv;

import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.delivery.SecureCopyRoute;
import org.safeguarding.gateway.core.flow.ErrorPolicy;

/**
 * dv-notification. The police adapter accepts a notification ({@link DvNotifications#accept}: validate, de-duplicate by
 * Idempotency-Key and force reference, store, receipt to the force) and queues it for routing in the same commit; this
 * route then routes it, and the local authority's outcome goes back to the force the same way as every copy.
 */
public class DvNotificationRoute extends RouteBuilder {

    public static final String OUTCOME = "direct:dv-outcome";
    private static final String ROUTING = "dvRouting";
    private static final String COPIES = "copies";
    private static final String DECIDED = "dvOutcome";

    private final DvRouting routing;
    private final DvOutcomes outcomes;
    private final int consumers;

    /** @param consumers notifications routed at once (a routing mostly waits for commits, which routings waiting together share) */
    public DvNotificationRoute(DvRouting routing, DvOutcomes outcomes, int consumers) {
        this.routing = routing;
        this.outcomes = outcomes;
        this.consumers = consumers;
    }

    @Override
    public void configure() {
        from("jms:queue:" + DvNotifications.ROUTING_QUEUE + "?transacted=true&concurrentConsumers=" + consumers)
                .routeId("dv-notification").routeConfigurationId(ErrorPolicy.ID)
                .setBody(method(routing, "received"))           // the notification, unless it was routed already
                .filter(body().isNotNull())
                .setBody(method(routing, "match"))              // children matched; LA, schools, health visiting chosen
                .setProperty(ROUTING, body())
                .split(method(routing, "copiesFor"), SecureCopyRoute.gatheredInto(COPIES)).stopOnException()
                    .to(SecureCopyRoute.URI)                    // per recipient, in the form its adapter allows: sealed
                .end()
                .bean(routing, "commit(${exchangeProperty." + ROUTING + "}, ${exchangeProperty." + COPIES + "})");

        from(OUTCOME).routeId("dv-outcome").routeConfigurationId(ErrorPolicy.IN_CALLER)
                .setBody(method(outcomes, "decide"))            // a receiving LA's decision, checked
                .setProperty(DECIDED, body())
                .setBody(method(outcomes, "copyForForce"))      // what the force is told
                .to(SecureCopyRoute.URI)
                .bean(outcomes, "commit(${exchangeProperty." + DECIDED + "}, ${body})");
    }
}
