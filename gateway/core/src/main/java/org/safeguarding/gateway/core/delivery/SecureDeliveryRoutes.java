package org.safeguarding.gateway.core.delivery;

import org.safeguarding.gateway.core.flow.AlreadyDone;
import org.safeguarding.gateway.security.Action;

import java.time.Clock;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.flow.ErrorPolicy;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The channels of a secure copy beyond the inbox (which {@link SecureCopies#commit} writes with the copy):
 * <ul>
 *   <li>{@code delivery-push}: the copy also to the recipient's own system over HTTPS. A failure rolls
 *       the JMS transaction back and the broker redelivers with exponential back-off (its address
 *       settings); after the last attempt the broker moves it to {@code DLQ.delivery-push};</li>
 *   <li>{@code delivery-dead-letter}: a push that failed every attempt is marked failed for operators to re-run.</li>
 * </ul>
 * Every consumer is transacted and idempotent on the delivery id, so a redelivery after a crash
 * changes nothing the recipient sees.
 */
public class SecureDeliveryRoutes extends RouteBuilder {

    private final Deliveries deliveries;
    private final AgencyDirectory agencies;
    private final PushChannel push;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;

    public SecureDeliveryRoutes(Deliveries deliveries, AgencyDirectory agencies, PushChannel push, AuditTrail audit,
            JsonMapper json, Clock clock) {
        this.deliveries = deliveries;
        this.agencies = agencies;
        this.push = push;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("jms:queue:" + DeliveryQueues.PUSH + "?transacted=true").routeId("delivery-push").routeConfigurationId(ErrorPolicy.ID)
                .setBody(method(this, "deliveryId"))
                .setBody(method(this, "awaitingPush"))          // the copy, unless pushed already or its recipient has no system
                .filter(body().isNotNull())
                .bean(this, "pushCopy")                         // HTTPS to the agency's system; a failure is retried by the broker
                .bean(this, "recordPushed");                    // marked pushed and audited: one commit

        from("jms:queue:" + DeliveryQueues.PUSH_DEAD_LETTER + "?transacted=true").routeId("delivery-dead-letter").routeConfigurationId(ErrorPolicy.ID)
                .setBody(method(this, "deliveryId"))
                .bean(this, "deadLettered");                    // failed for good, for an operator: marked and audited
    }

    public String deliveryId(String payload) {
        return DeliveryQueues.deliveryId(json, payload);
    }


    /** @return the copy to push, or null when it was pushed already or its recipient has no system to push to */
    public Delivery awaitingPush(String id) {
        Delivery d = deliveries.find(id).orElseThrow(() -> new IllegalStateException("no delivery " + id));
        return d.pushedAt() == null && agencies.find(d.recipient()).map(a -> a.pushUrl()).isPresent() ? d : null;
    }

    public Delivery pushCopy(Delivery d) {
        try {
            push.push(agencies.find(d.recipient()).orElseThrow().pushUrl(), d, deliveries.envelope(d.id()).orElseThrow());
        } catch (PushChannel.PushFailed failed) {
            deliveries.recordPushAttempt(d.id(), failed.getMessage());
            throw failed;
        }
        return d;
    }

    public void recordPushed(Delivery d) {
        AlreadyDone.recordUnlessDone(audit, AuditEntry.system(Action.PUSH, d.messageType() + "/" + d.reference(), d.nhsNumber(), "delivered",
                "copy " + d.id() + " pushed to the system of " + d.recipient()), () -> {
                    if (!deliveries.markPushed(d.id(), clock.instant())) {
                        throw new AlreadyDone();
                    }
                });
    }

    public void deadLettered(String id) {
        Delivery d = deliveries.find(id).orElseThrow(() -> new IllegalStateException("no delivery " + id));
        if (d.pushedAt() != null) {
            return;
        }
        AlreadyDone.recordUnlessDone(audit, AuditEntry.system(Action.PUSH, d.messageType() + "/" + d.reference(), d.nhsNumber(), "failed",
                "copy " + d.id() + " could not be pushed to " + d.recipient() + "; waiting for an operator"), () -> {
                    if (!deliveries.markFailed(id, "push failed after every attempt: " + d.lastError())) {
                        throw new AlreadyDone();
                    }
                });
    }
}
