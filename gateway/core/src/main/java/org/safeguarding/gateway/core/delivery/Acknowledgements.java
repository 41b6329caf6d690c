package org.safeguarding.gateway.core.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.AccessDenied;
import org.safeguarding.gateway.security.AccessPolicy;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.CodedException;
import org.safeguarding.gateway.security.Resource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A recipient's own inbox messages: reading a copy's envelope and acknowledging it, which the
 * sender then sees. Another organisation's message is "not found", as a missing one is, so that
 * ids cannot be probed; the refusal is still decided by the policy and audited.
 */
public class Acknowledgements {

    /** Thrown for a message that is not (visibly) there. */
    public static class NoSuchMessage extends CodedException {
        public NoSuchMessage(String id) {
            super(Kind.NOT_FOUND, "no message " + id + " in your inbox");
        }
    }

    private final AccessControl access;
    private final Inbox inbox;
    private final Deliveries deliveries;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public Acknowledgements(AccessControl access, Inbox inbox, Deliveries deliveries, TransactionTemplate transaction, Clock clock) {
        this.access = access;
        this.inbox = inbox;
        this.deliveries = deliveries;
        this.transaction = transaction;
        this.clock = clock;
    }

    public void acknowledge(Caller caller, String messageId, String traceId) {
        InboxMessage message = own(caller, messageId, Action.INBOX_ACKNOWLEDGE, traceId);
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            inbox.acknowledge(message.id(), now);
            deliveries.markAcknowledged(message.id(), now);
        });
    }

    /** One message of the caller's own inbox, read (and recorded as read) as a page of it would be. */
    public InboxMessage message(Caller caller, String messageId, String traceId) {
        return own(caller, messageId, Action.INBOX_READ, traceId);
    }

    /** The signed, encrypted copy (DER), for the recipient only. */
    public byte[] envelope(Caller caller, String messageId, String traceId) {
        InboxMessage message = own(caller, messageId, Action.INBOX_READ, traceId);
        return deliveries.envelope(message.id()).orElseThrow(() -> new NoSuchMessage(messageId + " content"));
    }

    private InboxMessage own(Caller caller, String id, Action action, String traceId) {
        Optional<InboxMessage> found = inbox.find(id);
        String owner = found.map(InboxMessage::recipient).orElse(caller.orgId());
        try {
            access.require(caller, action, Resource.inboxMessage(id, owner, found.map(InboxMessage::nhsNumber).orElse(null)), traceId);
        } catch (AccessDenied denied) {
            if (AccessPolicy.OTHER_ORGANISATION.equals(denied.decision().code())) {
                throw new NoSuchMessage(id);
            }
            throw denied;
        }
        return found.orElseThrow(() -> new NoSuchMessage(id));
    }
}
