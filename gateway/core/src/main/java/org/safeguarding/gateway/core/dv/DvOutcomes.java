package org.safeguarding.gateway.core.dv;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.safeguarding.gateway.core.delivery.SecureCopies;
import org.safeguarding.gateway.core.validation.Fields;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of dv-outcome ({@link DvNotificationRoute#OUTCOME}): a receiving local authority's decision on a notification,
 * sent back to the force that made it as a secure copy (the written response a referrer is owed), once.
 */
public class DvOutcomes {

    public enum Decision { NO_FURTHER_ACTION, EARLY_HELP, ASSESSMENT, STRATEGY_DISCUSSION }

    /** What the authority sent. */
    public record Given(Caller caller, String notificationId, String decision, String note, String traceId) {}

    /** The decision, checked, about a notification the caller may answer. */
    public record Decided(Caller caller, DvStore.Stored notification, String decision, String note, Instant at) {}

    /** What the force receives: the authority's decision on its notification. */
    public record OutcomeNotice(String notificationId, String forceReference, String decision, String note, String localAuthority,
            Instant decidedAt) {}

    private final DvNotifications notifications;
    private final DvStore store;
    private final SecureCopies copies;
    private final JsonMapper json;
    private final Clock clock;

    public DvOutcomes(DvNotifications notifications, DvStore store, SecureCopies copies, JsonMapper json, Clock clock) {
        this.notifications = notifications;
        this.store = store;
        this.copies = copies;
        this.json = json;
        this.clock = clock;
    }

    /** Access first (social care of a receiving authority; the same refusal for a notification that does not exist), then the decision checked. */
    public Decided decide(Given given) {
        DvStore.Stored stored = notifications.readable(given.caller(), given.notificationId(), Action.DV_OUTCOME, given.traceId());
        Fields f = new Fields();
        Decision decision = f.oneOf("decision", given.decision(), Decision.class,
                code -> Decision.valueOf(code.toUpperCase(Locale.ROOT).replace('-', '_')));
        String text = f.optional("note", given.note(), 2000);
        f.throwIfInvalid();
        return new Decided(given.caller(), stored, decision.name().toLowerCase(Locale.ROOT).replace('_', '-'), text, clock.instant());
    }

    public SecureCopies.Request copyForForce(Decided d) {
        DvStore.Stored n = d.notification();
        byte[] content = json.writeValueAsBytes(new OutcomeNotice(n.id(), n.forceReference(), d.decision(), d.note(), d.caller().orgId(), d.at()));
        return new SecureCopies.Request("dv-outcome", n.id(), d.caller().orgId(), n.forceId(), null,
                "Outcome of your notification " + n.forceReference() + " from " + d.caller().orgId() + ": " + d.decision(), content, null);
    }

    /** The outcome and the force's copy in one commit; a second outcome is refused and nothing is sent. */
    public void commit(Decided d, SecureCopies.Prepared copy) {
        Caller caller = d.caller();
        copies.commit(List.of(), () -> {
            if (!store.recordOutcome(d.notification().id(), d.decision(), d.note(), caller.username() + " (" + caller.orgId() + ")", d.at())) {
                throw new DvNotifications.OutcomeAlreadyRecorded(d.notification().id());
            }
        }, List.of(copy));
    }
}
