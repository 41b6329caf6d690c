package org.safeguarding.gateway.core.referral;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.calendar.WorkingCalendar;
import org.safeguarding.gateway.core.delivery.DeliveryQueues;
import org.safeguarding.gateway.core.delivery.SecureCopies;
import org.safeguarding.gateway.core.dv.MatchedChild;
import org.safeguarding.gateway.core.flow.AlreadyDone;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.validation.Fields;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.audit.AuditEntry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of the referral routes ({@link ReferralRoute}), a local authority's front door: the authority's full copy of
 * a referral; its decision with the written feedback the referrer gets (the decision, the feedback and whom to contact,
 * nothing of what other agencies said); and one escalation to the authority when a referral goes undecided past its due
 * time. Each commits with its mark, so a redelivery, a retry or another node changes nothing.
 */
public class FrontDoor {

    public static final String COPY_TYPE = "referral";
    public static final String FEEDBACK_TYPE = "referral-feedback";
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.UK);

    public enum Decision { NO_FURTHER_ACTION, INFORMATION_AND_ADVICE, EARLY_HELP, CHILD_IN_NEED_ASSESSMENT, STRATEGY_DISCUSSION;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What was accepted and how its children matched: the routing message's payload, and the authority's copy. */
    public record Routed(Referral referral, List<MatchedChild> matched) {}

    /** The authority's copy: the referral in full, what the register knows of each child, and when it must be decided. */
    public record AuthorityCopy(Referral referral, List<MatchedChild> matched, Instant decisionDue) {}

    /** What the referrer is told: the decision, the feedback, whom to contact; nothing else. */
    public record Feedback(String referral, String decision, String feedback, Instant decidedAt, String localAuthority, Contact contact) {}

    public record Contact(String team, String phone) {}

    /** The authority's decision as sent. */
    public record Given(Caller caller, String referralId, String decision, String feedback, String traceId) {}

    /** The decision checked, about a referral the caller may decide. */
    public record Decided(Caller caller, ReferralStore.Stored referral, Decision decision, String feedback, Instant at) {}

    /** The overdue referral's notice to its authority. */
    public record OverdueNotice(String referral, String referrer, String child, Instant decisionDue, String status) {}

    private final Referrals referrals;
    private final ReferralStore store;
    private final AgencyDirectory agencies;
    private final SecureCopies copies;
    private final WorkingCalendar calendar;
    private final JsonMapper json;
    private final Clock clock;

    public FrontDoor(Referrals referrals, ReferralStore store, AgencyDirectory agencies, SecureCopies copies, WorkingCalendar calendar,
            JsonMapper json, Clock clock) {
        this.referrals = referrals;
        this.store = store;
        this.agencies = agencies;
        this.copies = copies;
        this.calendar = calendar;
        this.json = json;
        this.clock = clock;
    }

    // --- routing

    /** What the routing queue's message names: the referral, or null when it was routed already (de-duplicate). */
    public ReferralStore.Stored received(String message) {
        String id = DeliveryQueues.deliveryId(json, message);
        ReferralStore.Stored r = store.find(id).orElseThrow(() -> new IllegalStateException("no referral " + id));
        return r.routedAt() == null ? r : null;
    }

    public SecureCopies.Request copyForAuthority(ReferralStore.Stored r) {
        Routed routed = json.readValue(r.payload(), Routed.class);
        String categories = routed.referral().concerns().stream().map(Referral.Concern::category).distinct().collect(Collectors.joining(", "));
        String summary = (r.immediateRisk() ? "URGENT, immediate risk: " : "urgent".equals(r.urgency()) ? "Urgent: " : "")
                + "referral from " + name(r.referrerOrg()) + " about " + r.childSummary() + " (" + categories + ")"
                + (r.planId() == null ? "" : "; on plan " + r.planId()) + ". Decision due by " + due(r.decisionDue()) + ".";
        // no due time on the copy itself: the referral's own deadline escalates to the authority (below), not to the referrer
        return new SecureCopies.Request(COPY_TYPE, r.id(), r.referrerOrg(), r.localAuthority(), r.nhsNumber(), summary,
                json.writeValueAsBytes(new AuthorityCopy(routed.referral(), routed.matched(), r.decisionDue())), null);
    }

    /** The routing mark and the authority's copy with their records, in one commit; nothing when it was routed before. */
    public void commitRouting(ReferralStore.Stored r, SecureCopies.Prepared copy) {
        try {
            copies.commit(List.of(AuditEntry.system(Action.REFERRAL_ROUTE, "referral/" + r.id(), r.nhsNumber(), "routed",
                    "referral from " + r.referrerOrg() + " to " + r.localAuthority() + ", decision due " + r.decisionDue())), () -> {
                        if (!store.markRouted(r.id(), clock.instant())) {
                            throw new AlreadyDone();
                        }
                    }, List.of(copy));
        } catch (AlreadyDone routedBefore) {
            // by another node, or before a crash: with its copy and its record
        }
    }

    // --- the decision

    /** Access first (social care of the receiving authority; the same refusal for a referral that does not exist), then the decision checked. */
    public Decided decide(Given given) {
        ReferralStore.Stored r = referrals.readable(given.caller(), given.referralId(), Action.REFERRAL_DECIDE, given.traceId());
        Fields f = new Fields();
        Decision decision = f.oneOf("decision", given.decision(), Decision.class,
                code -> Decision.valueOf(code.toUpperCase(Locale.ROOT).replace('-', '_')));
        String feedback = f.required("feedback", given.feedback(), 4000);
        f.throwIfInvalid();
        if (r.decidedAt() != null) {
            throw new Referrals.AlreadyDecided(r.id());
        }
        return new Decided(given.caller(), r, decision, feedback, clock.instant());
    }

    public SecureCopies.Request feedbackForReferrer(Decided d) {
        ReferralStore.Stored r = d.referral();
        Agency la = agencies.find(r.localAuthority()).orElse(Agency.unknownLocalAuthority(r.localAuthority()));
        byte[] content = json.writeValueAsBytes(new Feedback(r.id(), d.decision().code(), d.feedback(), d.at(), la.name(),
                new Contact(la.name() + " children's services front door", la.officePhone())));
        // no NHS number on the referrer's message: it may be the register's, found by an exact match of a child on a plan
        return new SecureCopies.Request(FEEDBACK_TYPE, r.id(), r.localAuthority(), r.referrerOrg(), null,
                "Decision on your referral about " + r.childSummary() + ": " + d.decision().code().replace('-', ' '), content, null);
    }

    /** The decision and the referrer's feedback in one commit; a second decision is refused and nothing is sent. */
    public void commitDecision(Decided d, SecureCopies.Prepared feedback) {
        Caller caller = d.caller();
        copies.commit(List.of(), () -> {
            if (!store.recordDecision(d.referral().id(), d.decision().code(), d.feedback(), caller.username() + " (" + caller.orgId() + ")",
                    d.at())) {
                throw new Referrals.AlreadyDecided(d.referral().id());
            }
        }, List.of(feedback));
    }

    // --- overdue

    public List<ReferralStore.Stored> overdue() {
        return store.overdueNotEscalated(clock.instant(), 500);
    }

    public SecureCopies.Request overdueNotice(ReferralStore.Stored r) {
        return new SecureCopies.Request("escalation", r.id(), "gateway", r.localAuthority(), r.nhsNumber(),
                "Overdue: the referral from " + name(r.referrerOrg()) + " about " + r.childSummary() + " was due a decision by "
                        + due(r.decisionDue()) + " and has none",
                json.writeValueAsBytes(new OverdueNotice(r.id(), r.referrerOrg(), r.childSummary(), r.decisionDue(), "overdue")), null,
                "overdue");
    }

    /** The escalation mark and the authority's notice in one commit; nothing when it was escalated (or decided) meanwhile. */
    public void commitOverdue(ReferralStore.Stored r, SecureCopies.Prepared notice) {
        try {
            copies.commit(List.of(AuditEntry.system(Action.ESCALATE, "referral/" + r.id(), r.nhsNumber(), "overdue",
                    "referral to " + r.localAuthority() + " undecided past " + r.decisionDue())), () -> {
                        if (!store.markEscalated(r.id(), clock.instant())) {
                            throw new AlreadyDone();
                        }
                    }, List.of(notice));
        } catch (AlreadyDone before) {
            // escalated by another node or an earlier run, or decided meanwhile
        }
    }

    private String name(String orgId) {
        return agencies.find(orgId).map(Agency::name).orElse(orgId);
    }

    private String due(Instant at) {
        return LocalDateTime.ofInstant(at, calendar.zone()).format(DUE);
    }
}
