package org.safeguarding.gateway.core.dv;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.safeguarding.gateway.core.delivery.Deliveries;
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.delivery.DeliveryQueues;
import org.safeguarding.gateway.core.documents.DocumentDistribution;
import org.safeguarding.gateway.core.flow.FlowCall;
import org.safeguarding.gateway.core.inbox.Inbox;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.validation.Fields;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.springframework.dao.DuplicateKeyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * dv-notification, the synchronous half: accept a force's notification once (Idempotency-Key and
 * force reference de-duplicate), answer with a receipt at once, and leave routing to
 * {@link DvRouting} through the outbox. Also the status view and the local authority's outcome,
 * which goes back to the force as a signed, encrypted copy (the written response referrers ask for).
 */
public class DvNotifications {

    public static final String ROUTING_QUEUE = "dv-routing";
    /**
     * The force's receipt in its inbox. It repeats what the 202 said (the id, and that routing follows) and asks nothing of
     * the force, so it awaits no acknowledgement: the inbox retention purges it by its age.
     */
    public static final String RECEIPT_TYPE = "dv-receipt";
    private static final Duration ALLOWED_CLOCK_DRIFT = Duration.ofMinutes(5);
    private static final String KEY_PATTERN = "[A-Za-z0-9._:-]{1,200}";

    public record Receipt(String id, String status, Instant receivedAt, String forceReference, boolean repeat) {}

    public record Status(DvStore.Stored notification, List<Delivery> deliveries, List<String> matches) {}

    /** Thrown when an outcome has already been given. */
    public static class OutcomeAlreadyRecorded extends org.safeguarding.gateway.security.CodedException {
        public OutcomeAlreadyRecorded(String id) {
            super(Kind.CONFLICT, "an outcome for " + id + " has already been recorded");
        }
    }

    private final AccessControl access;
    private final DvStore store;
    private final Deliveries deliveries;
    private final Outbox outbox;
    private final Inbox inbox;
    private final FlowCall flows;
    private final JsonMapper json;
    private final Clock clock;

    public DvNotifications(AccessControl access, DvStore store, Deliveries deliveries, Outbox outbox, Inbox inbox, FlowCall flows, JsonMapper json,
            Clock clock) {
        this.access = access;
        this.store = store;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.inbox = inbox;
        this.flows = flows;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Decided, validated, then stored with its routing message, the force's receipt and the decision's audit record in one
     * commit: a 202 means all of it is on disk, and a repeat (the same key or force reference) is answered with the first
     * receipt and stores nothing.
     */
    public Receipt accept(Caller caller, DvNotification draft, String idempotencyKey, String traceId) {
        AtomicReference<Receipt> receipt = new AtomicReference<>();
        Instant now = clock.instant();
        try {
            access.require(caller, Action.DV_SUBMIT, new Resource("dv-notification", draft.forceReference(), caller.orgId(), null), traceId,
                    () -> {
                        validate(draft, idempotencyKey);
                        DvNotification notification = draft.accepted(UUID.randomUUID().toString(), caller.orgId(), now);
                        String payload = json.writeValueAsString(notification);
                        return new AccessControl.Consequence<Void>(null, () -> receipt.set(
                                store.findRepeat(caller.orgId(), idempotencyKey, draft.forceReference()).map(DvNotifications::repeatOf)
                                        .orElseGet(() -> store(caller, notification, idempotencyKey, payload, now))));
                    });
        } catch (DuplicateKeyException sameSubmissionOnAnotherNode) {
            return store.findRepeat(caller.orgId(), idempotencyKey, draft.forceReference()).map(DvNotifications::repeatOf)
                    .orElseThrow(() -> sameSubmissionOnAnotherNode);
        }
        return receipt.get();
    }

    private Receipt store(Caller caller, DvNotification n, String idempotencyKey, String payload, Instant now) {
        store.add(n.id(), caller.orgId(), idempotencyKey, n.forceReference(), now, n.incidentAt(), n.riskLevel().name(), payload);
        outbox.enqueue(ROUTING_QUEUE, n.id(), new DeliveryQueues.DeliveryRef(n.id()));
        inbox.deliver(new InboxMessage("receipt-" + n.id(), caller.orgId(), RECEIPT_TYPE, now,
                null, n.id(), "Received your notification " + n.forceReference() + " as " + n.id()
                        + "; routing to the local authority, school and health visiting as applicable.", null, null));
        return new Receipt(n.id(), "received", now, n.forceReference(), false);
    }

    public Status status(Caller caller, String id, String traceId) {
        DvStore.Stored stored = readable(caller, id, Action.DV_READ, traceId);
        return new Status(stored, deliveries.forReference(id), store.matchSummaries(id));
    }

    /** The caller's force's latest notifications, each with its copies' deliveries: the officer's "Your notifications". */
    public List<Status> ofForce(Caller caller, int limit, String traceId) {
        access.require(caller, Action.DV_READ, Resource.dvNotification(null, caller.orgId(), Set.of()), traceId);
        List<DvStore.Stored> latest = store.ofForce(caller.orgId(), limit);
        var copies = deliveries.forReferences(latest.stream().map(DvStore.Stored::id).toList());
        return latest.stream().map(n -> new Status(n, copies.getOrDefault(n.id(), List.of()), List.of())).toList();
    }

    /** The local authority's decision, sent back to the force: the dv-outcome route ({@link DvNotificationRoute#OUTCOME}). */
    public void recordOutcome(Caller caller, String id, String decisionCode, String note, String traceId) {
        flows.run(DvNotificationRoute.OUTCOME, new DvOutcomes.Given(caller, id, decisionCode, note, traceId));
    }

    DvStore.Stored readable(Caller caller, String id, Action action, String traceId) {
        DvStore.Stored stored = store.find(id).orElse(null);
        Set<String> las = stored == null ? Set.of() : new HashSet<>(stored.localAuthorities());
        // no such notification: nobody's, so refused as another's would be, and audited; the caller cannot tell the two apart
        access.require(caller, action, Resource.dvNotification(id, stored == null ? null : stored.forceId(), las), traceId);
        if (stored == null) {
            throw new DocumentDistribution.NotFound("no notification " + id);
        }
        return stored;
    }

    private static Receipt repeatOf(DvStore.Stored s) {
        return new Receipt(s.id(), s.status(), s.receivedAt(), s.forceReference(), true);
    }

    /** The rules a schema cannot say: real NHS numbers, nothing in the future, a usable key. */
    private void validate(DvNotification n, String idempotencyKey) {
        Fields f = new Fields();
        f.check(idempotencyKey != null && idempotencyKey.matches(KEY_PATTERN), "Idempotency-Key",
                "header is required: 1-200 letters, digits or . _ : -");
        Instant now = clock.instant();
        f.check(!n.incidentAt().isAfter(now.plus(ALLOWED_CLOCK_DRIFT)), "incidentDateTime", "is in the future");
        f.check(n.incidentAt().isAfter(now.minus(Duration.ofDays(366))), "incidentDateTime", "is more than a year ago");
        LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        for (int i = 0; i < n.children().size(); i++) {
            DvNotification.Child c = n.children().get(i);
            if (c.nhsNumber() != null) {
                f.nhsNumber("childrenPresent[" + i + "].nhsNumber", c.nhsNumber());
            }
            if (c.birthDate() != null) {
                f.check(!c.birthDate().isAfter(today), "childrenPresent[" + i + "].birthDate", "is in the future");
            }
        }
        f.throwIfInvalid();
    }
}
