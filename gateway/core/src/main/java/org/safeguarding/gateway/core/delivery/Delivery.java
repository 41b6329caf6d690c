package org.safeguarding.gateway.core.delivery;

import java.time.Instant;

/**
 * One signed, encrypted copy of an outbound message for one recipient, and where it has got to.
 * Its id is stable: it is the inbox message's id and the push channel's Message-Id, so a copy is
 * stored and pushed at most once however often it is retried.
 *
 * @param messageType the inbox type (document, dv-notification, ...)
 * @param reference   the originating document's or notification's id
 * @param sender      the organisation that sent it (told when it goes overdue)
 * @param summary     what the recipient's inbox shows: no more than the recipient may see
 * @param meshFormat  how it also goes to the recipient's MESH mailbox ({@code cms}, or an adapter's format such as
 *                    {@code gp-connect}); null: no MESH
 * @param meshMessageId MESH's id for it once sent
 */
public record Delivery(
        String id,
        String messageType,
        String reference,
        String sender,
        String recipient,
        String nhsNumber,
        String summary,
        Status status,
        Instant queuedAt,
        Instant deliveredAt,
        Instant acknowledgedAt,
        Instant dueAt,
        Instant escalatedAt,
        int pushAttempts,
        Instant pushedAt,
        String lastError,
        String meshFormat,
        String meshMessageId) {

    /** A copy with no MESH channel. */
    public Delivery(String id, String messageType, String reference, String sender, String recipient, String nhsNumber, String summary,
            Status status, Instant queuedAt, Instant deliveredAt, Instant acknowledgedAt, Instant dueAt, Instant escalatedAt,
            int pushAttempts, Instant pushedAt, String lastError) {
        this(id, messageType, reference, sender, recipient, nhsNumber, summary, status, queuedAt, deliveredAt, acknowledgedAt, dueAt,
                escalatedAt, pushAttempts, pushedAt, lastError, null, null);
    }

    /** Stored states; {@code overdue} is derived from the due time, see {@link #statusAt}. */
    public enum Status { QUEUED, DELIVERED, ACKNOWLEDGED, FAILED }

    /** Why it failed, as its sender is shown it (e.g. the recipient system's ITK code); null unless it failed. */
    public String failure() {
        return status == Status.FAILED ? lastError : null;
    }

    /** What the sender sees: the stored state, or overdue once the due time has passed unacknowledged. */
    public String statusAt(Instant now) {
        if (status != Status.ACKNOWLEDGED && dueAt != null && now.isAfter(dueAt)) {
            return "overdue";
        }
        return status.name().toLowerCase();
    }
}
