package org.safeguarding.gateway.core.delivery;

import java.time.Clock;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.outbox.BrokerRedelivery;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Secure delivery of signed, encrypted copies (documents now, DV notifications next):
 * <ul>
 *   <li>{@code secure-delivery}: the copy into the recipient's inbox, tracked as delivered;</li>
 *   <li>{@code delivery-push}: the copy also to the recipient's own system over HTTPS. A failure rolls
 *       the JMS transaction back and the broker redelivers with exponential back-off (its address
 *       settings); after the last attempt the broker moves it to {@code DLQ.delivery-push};</li>
 *   <li>{@code delivery-dead-letter}: a push that failed every attempt is marked failed for operators to re-run;</li>
 *   <li>{@code inbox-delivery}: plain inbox messages (escalations) that carry no envelope.</li>
 * </ul>
 * Every consumer is transacted and idempotent on the delivery id, so a redelivery after a crash
 * changes nothing the recipient sees.
 */
public class SecureDeliveryRoutes extends RouteBuilder {

    private final Deliveries deliveries;
    private final Inbox inbox;
    private final AgencyDirectory agencies;
    private final PushChannel push;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;

    public SecureDeliveryRoutes(Deliveries deliveries, Inbox inbox, AgencyDirectory agencies, PushChannel push, AuditTrail audit,
            JsonMapper json, Clock clock) {
        this.deliveries = deliveries;
        this.inbox = inbox;
        this.agencies = agencies;
        this.push = push;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("jms:queue:" + DeliveryQueues.SECURE_DELIVERY + "?transacted=true").routeId("secure-delivery").routeConfigurationId(BrokerRedelivery.ID)
                .process(e -> deliverToInbox(deliveryId(e.getMessage().getBody(String.class))));

        from("jms:queue:" + DeliveryQueues.PUSH + "?transacted=true").routeId("delivery-push").routeConfigurationId(BrokerRedelivery.ID)
                .process(e -> pushToAgencySystem(deliveryId(e.getMessage().getBody(String.class))));

        from("jms:queue:" + DeliveryQueues.PUSH_DEAD_LETTER + "?transacted=true").routeId("delivery-dead-letter").routeConfigurationId(BrokerRedelivery.ID)
                .process(e -> deadLettered(deliveryId(e.getMessage().getBody(String.class))));

        from("jms:queue:" + DeliveryQueues.INBOX + "?transacted=true").routeId("inbox-delivery").routeConfigurationId(BrokerRedelivery.ID)
                .process(e -> inbox.deliver(json.readValue(e.getMessage().getBody(String.class), InboxMessage.class)));
    }

    private String deliveryId(String payload) {
        return json.readValue(payload, DeliveryQueues.DeliveryRef.class).deliveryId();
    }

    /** The copy in the recipient's inbox, the delivery marked and its audit record: one commit, so a crash keeps all or none. */
    void deliverToInbox(String id) {
        Delivery d = deliveries.find(id).orElseThrow(() -> new IllegalStateException("no delivery " + id));
        recordWith(AuditEntry.system("deliver", d.messageType() + "/" + d.reference(), d.nhsNumber(), "delivered",
                "copy " + d.id() + " in the inbox of " + d.recipient()), () -> {
                    // the update first: on PostgreSQL a failed insert would spoil the transaction the records share
                    if (!deliveries.markDelivered(id, clock.instant())) {
                        throw new AlreadyDone();
                    }
                    if (inbox.find(d.id()).isEmpty()) {
                        inbox.deliver(new InboxMessage(d.id(), d.recipient(), d.messageType(), d.queuedAt(), d.nhsNumber(),
                                d.reference(), d.summary(), null, null));
                    }
                });
    }

    /** The effect and its audit record in one commit; nothing (neither) when the effect finds it was done already. */
    private void recordWith(AuditEntry entry, Runnable effect) {
        try {
            audit.append(entry, effect);
        } catch (AlreadyDone done) {
            // delivered, pushed or failed before (a redelivery after a crash, or another node): recorded then
        }
    }

    void pushToAgencySystem(String id) {
        Delivery d = deliveries.find(id).orElseThrow(() -> new IllegalStateException("no delivery " + id));
        if (d.pushedAt() != null) {
            return;
        }
        String url = agencies.find(d.recipient()).map(a -> a.pushUrl()).orElse(null);
        if (url == null) {
            return;
        }
        try {
            push.push(url, d, deliveries.envelope(id).orElseThrow());
        } catch (PushChannel.PushFailed failed) {
            deliveries.recordPushAttempt(id, failed.getMessage());
            throw failed;
        }
        recordWith(AuditEntry.system("push", d.messageType() + "/" + d.reference(), d.nhsNumber(), "delivered",
                "copy " + d.id() + " pushed to the system of " + d.recipient()), () -> {
                    if (!deliveries.markPushed(id, clock.instant())) {
                        throw new AlreadyDone();
                    }
                });
    }

    void deadLettered(String id) {
        Delivery d = deliveries.find(id).orElseThrow(() -> new IllegalStateException("no delivery " + id));
        if (d.pushedAt() != null) {
            return;
        }
        recordWith(AuditEntry.system("push", d.messageType() + "/" + d.reference(), d.nhsNumber(), "failed",
                "copy " + d.id() + " could not be pushed to " + d.recipient() + "; waiting for an operator"), () -> {
                    if (!deliveries.markFailed(id, "push failed after every attempt: " + d.lastError())) {
                        throw new AlreadyDone();
                    }
                });
    }
}
