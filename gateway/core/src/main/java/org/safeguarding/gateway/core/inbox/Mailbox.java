package org.safeguarding.gateway.core.inbox;

import java.util.List;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;

/** Reading one's own organisation's inbox, a page at a time, as the API and the console both do: decided, then read. */
public class Mailbox {

    private final Inbox inbox;
    private final AccessControl access;

    public Mailbox(Inbox inbox, AccessControl access) {
        this.inbox = inbox;
        this.access = access;
    }

    /**
     * @param total      how many messages the inbox holds (of the type asked for): exactly that when {@code totalExact}, else
     *                   more than that ({@link Inbox#EXACT_TOTAL_UP_TO}): a page of a huge inbox counts no further than it
     * @param next       the cursor of the following page ({@code before}); null when this page was not full: there is no more
     */
    public record Page(List<InboxMessage> messages, long total, boolean totalExact, String next) {}

    /**
     * A page of the caller's own inbox, newest first: the {@code page}-th of {@code size} messages, or the {@code size}
     * messages after the one whose id is {@code before}. Recorded in the trail as an inbox read.
     */
    public Page read(Caller caller, String type, int page, int size, String before, String traceId) {
        access.require(caller, Action.INBOX_READ, Resource.inbox(caller.orgId()), traceId);
        List<InboxMessage> found;
        if (before == null) {
            found = inbox.forRecipient(caller.orgId(), type, page, size);
        } else {
            // another agency's message is refused as a message that does not exist is: nothing about it is revealed
            InboxMessage cursor = inbox.find(before).filter(m -> m.recipient().equals(caller.orgId()))
                    .orElseThrow(() -> InvalidInput.of("before", "is not a message in this inbox"));
            found = inbox.forRecipientAfter(cursor, type, size);
        }
        String next = found.size() == size ? found.get(found.size() - 1).id() : null;
        Inbox.Total total = inbox.totalFor(caller.orgId(), type);
        return new Page(found, total.count(), total.exact(), next);
    }
}
