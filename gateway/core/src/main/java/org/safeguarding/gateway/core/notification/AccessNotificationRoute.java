package org.safeguarding.gateway.core.notification;

import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.outbox.BrokerRedelivery;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * access-notification: from the broker into the responsible local authority's inbox. The JMS
 * session is transacted, so a crash before the inbox write leaves the message on the queue; the
 * inbox stores by message id, so the redelivery that follows is stored once.
 */
public class AccessNotificationRoute extends RouteBuilder {

    private final Inbox inbox;
    private final JsonMapper json;

    public AccessNotificationRoute(Inbox inbox, JsonMapper json) {
        this.inbox = inbox;
        this.json = json;
    }

    @Override
    public void configure() {
        from("jms:queue:" + AccessNotification.QUEUE + "?transacted=true").routeId("access-notification").routeConfigurationId(BrokerRedelivery.ID)
                .process(e -> {
                    AccessNotification n = json.readValue(e.getMessage().getBody(String.class), AccessNotification.class);
                    e.getMessage().setBody(n);
                })
                .log("access notification ${body.messageId} for ${body.localAuthority}")
                .process(e -> deliverToLocalAuthority(e.getMessage().getBody(AccessNotification.class)));
    }

    private void deliverToLocalAuthority(AccessNotification n) {
        inbox.deliver(new InboxMessage(n.messageId(), n.localAuthority(), AccessNotification.INBOX_TYPE, n.accessedAt(),
                n.nhsNumber(), String.join(",", n.planIds()), n.summary(), json.writeValueAsString(n), null));
    }
}
