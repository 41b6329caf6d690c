package org.safeguarding.gateway.core.delivery;

import java.util.ArrayList;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.flow.ErrorPolicy;

/**
 * secure-copy, shared by every flow that sends something to an agency: the body is one recipient's
 * {@link SecureCopies.Request}, already in the form the recipient's adapter allows; the answer is the copy sealed for that
 * recipient, or the reason it cannot be sent. The sending flow commits what comes back with its own effect
 * ({@link SecureCopies#commit}): the delivery row, the inbox, and a message to each further channel the recipient has.
 */
public class SecureCopyRoute extends RouteBuilder {

    public static final String URI = "direct:secure-copy";

    private final SecureCopies copies;

    public SecureCopyRoute(SecureCopies copies) {
        this.copies = copies;
    }

    @Override
    public void configure() {
        from(URI).routeId("secure-copy").routeConfigurationId(ErrorPolicy.ID)
                .choice()
                    .when(method(copies, "cannotReceive"))      // not in the agencies directory, or no certificate to encrypt to
                        .setBody(method(copies, "notSent"))     // recorded as not sent, with the reason
                    .otherwise()
                        .setBody(method(copies, "seal"))        // signed by the gateway, encrypted to the recipient alone
                .end();
    }

    /** For a flow's split over its recipients: what secure-copy made of each request, in order, in the exchange property {@code name}. */
    public static AggregationStrategy gatheredInto(String name) {
        return AggregationStrategies.flexible(SecureCopies.Prepared.class).accumulateInCollection(ArrayList.class).storeInProperty(name);
    }
}
