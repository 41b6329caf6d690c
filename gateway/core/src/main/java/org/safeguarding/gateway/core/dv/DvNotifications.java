package org.safeguarding.gateway.core.dv;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.delivery.Deliveries;
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.delivery.DeliveryQueues;
import org.safeguarding.gateway.core.documents.DocumentDistribution;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.validation.Fields;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.Pem;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * dv-notification, the synchronous half: accept a force's notification once (Idempotency-Key and
 * force reference de-duplicate), answer with a receipt at once, and leave routing to
 * {@link DvRouting} through the outbox. Also the status view and the local authority's outcome,
 * which goes back to the force as a signed, encrypted copy (the written response referrers ask for).
 */
public class DvNotifications {

    public static final String ROUTING_QUEUE = "dv-routing";
    private static final Duration ALLOWED_CLOCK_DRIFT = Duration.ofMinutes(5);
    private static final String KEY_PATTERN = "[A-Za-z0-9._:-]{1,200}";

    public enum Decision { NO_FURTHER_ACTION, EARLY_HELP, ASSESSMENT, STRATEGY_DISCUSSION }

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
    private final AgencyDirectory agencies;
    private final Outbox outbox;
    private final CmsEnvelope cms;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public DvNotifications(AccessControl access, DvStore store, Deliveries deliveries, AgencyDirectory agencies, Outbox outbox,
            CmsEnvelope cms, JsonMapper json, TransactionTemplate transaction, Clock clock) {
        this.access = access;
        this.store = store;
        this.deliveries = deliveries;
        this.agencies = agencies;
        this.outbox = outbox;
        this.cms = cms;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
    }

    public Receipt accept(Caller caller, DvNotification draft, String idempotencyKey, String traceId) {
        access.require(caller, Action.DV_SUBMIT, new Resource("dv-notification", draft.forceReference(), caller.orgId(), null), traceId);
        validate(draft, idempotencyKey);
        Instant now = clock.instant();
        DvNotification notification = draft.accepted(UUID.randomUUID().toString(), caller.orgId(), now);
        try {
            return transaction.execute(status -> store.findRepeat(caller.orgId(), idempotencyKey, draft.forceReference())
                    .map(DvNotifications::repeatOf)
                    .orElseGet(() -> {
                        store.add(notification.id(), caller.orgId(), idempotencyKey, notification.forceReference(), now,
                                notification.incidentAt(), notification.riskLevel().name(), json.writeValueAsString(notification));
                        outbox.enqueue(ROUTING_QUEUE, notification.id(), new DeliveryQueues.DeliveryRef(notification.id()));
                        outbox.enqueue(DeliveryQueues.INBOX, "receipt-" + notification.id(), new InboxMessage("receipt-" + notification.id(),
                                caller.orgId(), "dv-receipt", now, null, notification.id(), "Received your notification "
                                + notification.forceReference() + " as " + notification.id() + "; routing to the local authority, school"
                                + " and health visiting as applicable.", null, null));
                        return new Receipt(notification.id(), "received", now, notification.forceReference(), false);
                    }));
        } catch (DuplicateKeyException sameSubmissionAtTheSameMoment) {
            return store.findRepeat(caller.orgId(), idempotencyKey, draft.forceReference()).map(DvNotifications::repeatOf)
                    .orElseThrow(() -> sameSubmissionAtTheSameMoment);
        }
    }

    public Status status(Caller caller, String id, String traceId) {
        DvStore.Stored stored = readable(caller, id, Action.DV_READ, traceId);
        return new Status(stored, deliveries.forReference(id), store.matchSummaries(id));
    }

    public void recordOutcome(Caller caller, String id, String decisionCode, String note, String traceId) {
        DvStore.Stored stored = readable(caller, id, Action.DV_OUTCOME, traceId);
        Fields f = new Fields();
        Decision decision = f.oneOf("decision", decisionCode, Decision.class,
                code -> Decision.valueOf(code.toUpperCase(Locale.ROOT).replace('-', '_')));
        String text = f.optional("note", note, 2000);
        f.throwIfInvalid();
        Agency force = agencies.find(stored.forceId()).orElseThrow(() -> InvalidInput.of("id", "the submitting force is not in the directory"));
        Instant now = clock.instant();
        String decided = decision.name().toLowerCase(Locale.ROOT).replace('_', '-');
        byte[] content = json.writeValueAsBytes(new OutcomeNotice(stored.id(), stored.forceReference(), decided, text, caller.orgId(), now));
        byte[] envelope = cms.signAndEncrypt(content, Pem.readCertificate(force.certificatePem()));
        transaction.executeWithoutResult(status -> {
            if (!store.recordOutcome(id, decided, text, caller.username() + " (" + caller.orgId() + ")", now)) {
                throw new OutcomeAlreadyRecorded(id);
            }
            Delivery d = new Delivery(UUID.randomUUID().toString(), "dv-outcome", id, caller.orgId(), force.id(), null,
                    "Outcome of your notification " + stored.forceReference() + " from " + caller.orgId() + ": " + decided,
                    Delivery.Status.QUEUED, now, null, null, null, null, 0, null, null);
            deliveries.add(d, envelope);
            outbox.enqueue(DeliveryQueues.SECURE_DELIVERY, d.id(), new DeliveryQueues.DeliveryRef(d.id()));
        });
    }

    /** What the force receives: the authority's decision on its notification. */
    public record OutcomeNotice(String notificationId, String forceReference, String decision, String note, String localAuthority,
            Instant decidedAt) {}

    private DvStore.Stored readable(Caller caller, String id, Action action, String traceId) {
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
