package org.safeguarding.gateway.core.inbox;

import java.time.Instant;

/**
 * A message in an agency's mailbox. {@code summary} holds no more than the recipient may see;
 * {@code reference} is the originating notification's or document's id.
 */
public record InboxMessage(
        String id,
        String recipient,
        String type,
        Instant createdAt,
        String nhsNumber,
        String reference,
        String summary,
        String body,
        Instant acknowledgedAt) {}
