package org.safeguarding.gateway.server.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Many messages in one inbox at once, by the inbox's own insert in one batch: what a year of lookups would leave, in a second.
 * The caller removes them again ({@link #remove}), as other tests read the same store.
 */
public final class ScratchInbox {

    private ScratchInbox() {}

    /** {@code count} unacknowledged messages of {@code type}, one a second back from {@code newest}, newest first. */
    public static List<InboxMessage> fill(JdbcTemplate jdbc, TransactionTemplate transaction, String recipient, String type, int count,
            Instant newest) {
        List<InboxMessage> messages = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            InboxMessage m = new InboxMessage(type + "-" + recipient + "-" + i, recipient, type, newest.minusSeconds(i), null, "scratch-" + i,
                    "scratch message", null, null);
            messages.add(m);
            rows.add(Inbox.Statements.deliver(m).params().toArray());
        }
        String insert = Inbox.Statements.deliver(messages.get(0)).sql();
        transaction.executeWithoutResult(status -> jdbc.batchUpdate(insert, rows));
        return messages;
    }

    public static void remove(JdbcTemplate jdbc, String recipient, String type) {
        jdbc.update("DELETE FROM inbox_message WHERE recipient = ? AND message_type = ?", recipient, type);
    }
}
