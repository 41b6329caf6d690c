package org.safeguarding.gateway.core.referral;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.calendar.WorkingCalendar;
import org.safeguarding.gateway.core.delivery.DeliveryQueues;
import org.safeguarding.gateway.core.documents.DocumentDistribution;
import org.safeguarding.gateway.core.dv.ChildMatcher;
import org.safeguarding.gateway.core.dv.DvNotification;
import org.safeguarding.gateway.core.dv.MatchedChild;
import org.safeguarding.gateway.core.flow.FlowCall;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.validation.Fields;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.springframework.dao.DuplicateKeyException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * referral, the synchronous half: a partner's referral decided (a referring role, for its own organisation), checked
 * against the published schema, its children matched as DV notifications' are (NHS number; else exact name and birth
 * date; never guessed), routed to the authority holding a plan or covering the child's postcode, and stored once per
 * Idempotency-Key with its routing message in one commit. The referrer's receipt says when the decision is due (working
 * days from the calendar) and, for a child at immediate risk, whom to phone now. Routing, the decision with its written
 * feedback and the overdue escalation are {@link ReferralRoute}'s.
 */
public class Referrals {

    public static final String ROUTING_QUEUE = "referral-routing";
    private static final String KEY_PATTERN = "[A-Za-z0-9._:-]{1,200}";
    /** The front door's office hours, when its office number answers; outside them the out-of-hours (emergency duty) team's. */
    private static final LocalTime OFFICE_OPENS = LocalTime.of(9, 0);
    private static final LocalTime OFFICE_CLOSES = LocalTime.of(17, 0);

    /** Whom a referrer of a child at immediate risk rings now, and what to say. */
    public record PhoneNow(String localAuthority, String name, String phone, String officePhone, String outOfHoursPhone, String advice) {}

    public record Receipt(String id, String status, String localAuthority, Instant decisionDue, PhoneNow phoneNow, boolean repeat) {}

    /**
     * A referral as its referrer and the front door see it. {@code frontDoor}: seen by the receiving authority, which alone
     * may see what the register knows (the plan, the siblings); a referrer learns nothing of the register from it.
     */
    public record View(ReferralStore.Stored referral, String status, boolean frontDoor) {}

    /** Thrown when a decision has already been given. */
    public static class AlreadyDecided extends org.safeguarding.gateway.security.CodedException {
        public AlreadyDecided(String id) {
            super(Kind.CONFLICT, "referral " + id + " has been decided already");
        }
    }

    private final AccessControl access;
    private final ReferralStore store;
    private final ChildMatcher matcher;
    private final AgencyDirectory agencies;
    private final Outbox outbox;
    private final FlowCall flows;
    private final WorkingCalendar calendar;
    private final int decisionWorkingDays;
    private final JsonMapper json;
    private final Clock clock;

    public Referrals(AccessControl access, ReferralStore store, ChildMatcher matcher, AgencyDirectory agencies, Outbox outbox, FlowCall flows,
            WorkingCalendar calendar, int decisionWorkingDays, JsonMapper json, Clock clock) {
        this.access = access;
        this.store = store;
        this.matcher = matcher;
        this.agencies = agencies;
        this.outbox = outbox;
        this.flows = flows;
        this.calendar = calendar;
        this.decisionWorkingDays = decisionWorkingDays;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Decided first (a role that may not refer is refused whatever it sent), then checked and routed, then stored with its
     * routing message and the decision's record in one commit: a 202 means all of it is on disk. The same key again is
     * answered with the first receipt and stores nothing.
     */
    public Receipt accept(Caller caller, JsonNode body, String idempotencyKey, String traceId) {
        AtomicReference<Receipt> receipt = new AtomicReference<>();
        try {
            access.require(caller, Action.REFERRAL_SUBMIT, Resource.referral(null, caller.orgId(), null, null), traceId, () -> {
                ReferralStore.Stored repeat = validKey(idempotencyKey) ? store.findRepeat(caller.orgId(), idempotencyKey).orElse(null) : null;
                if (repeat != null) {
                    return new AccessControl.Consequence<Void>(null, () -> receipt.set(receiptOf(repeat, true)));
                }
                ReferralStore.Stored routed = route(caller, ReferralSchema.read(body), idempotencyKey);
                return new AccessControl.Consequence<Void>(null, () -> receipt.set(store.findRepeat(caller.orgId(), idempotencyKey)
                        .map(first -> receiptOf(first, true)).orElseGet(() -> {
                            store.add(routed, idempotencyKey);
                            outbox.enqueue(ROUTING_QUEUE, routed.id(), new DeliveryQueues.DeliveryRef(routed.id()));
                            return receiptOf(routed, false);
                        })));
            });
        } catch (DuplicateKeyException sameReferralOnAnotherNode) {
            return store.findRepeat(caller.orgId(), idempotencyKey).map(first -> receiptOf(first, true))
                    .orElseThrow(() -> sameReferralOnAnotherNode);
        }
        return receipt.get();
    }

    /** Checked beyond the schema, the children matched and the receiving authority chosen; nothing stored yet. */
    private ReferralStore.Stored route(Caller caller, Referral draft, String idempotencyKey) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, calendar.zone());
        Fields f = new Fields();
        f.check(validKey(idempotencyKey), "Idempotency-Key", "header is required: 1-200 letters, digits or . _ : -");
        for (int i = 0; i < draft.children().size(); i++) {
            DvNotification.Child c = draft.children().get(i);
            if (c.nhsNumber() != null) {
                f.nhsNumber("children[" + i + "].nhsNumber", c.nhsNumber());
            }
            f.check(!c.birthDate().isAfter(today.plusMonths(10)), "children[" + i + "].birthDate",
                    "is more than ten months ahead (an unborn child's expected date may be given)");
        }
        f.throwIfInvalid();
        List<MatchedChild> matched = new ArrayList<>();
        for (int i = 0; i < draft.children().size(); i++) {
            matched.add(matcher.match(i, draft.children().get(i), null, today, today));
        }
        MatchedChild first = matched.stream().filter(m -> m.localAuthority() != null).findFirst().orElseThrow(() -> InvalidInput.of(
                "children[0].postcode", "no local authority holds a plan for these children or covers their postcode: give the child's"
                        + " home postcode, or phone the local authority's front door"));
        Referral referral = draft.accepted(UUID.randomUUID().toString(), caller.orgId(), now);
        Instant due = calendar.endOfWorkingDaysAfter(now.atZone(calendar.zone()), decisionWorkingDays).toInstant();
        DvNotification.Child child = first.child();
        String type = agencies.find(caller.orgId()).map(Agency::type).orElse(caller.rolesAsText());
        return new ReferralStore.Stored(referral.id(), caller.orgId(), type, now, referral.urgency().code(), first.localAuthority(),
                first.nhsNumber(), child.givenName() + " " + child.familyName() + " (born " + child.birthDate() + ")"
                        + (matched.size() > 1 ? " and " + (matched.size() - 1) + " more" : ""),
                first.planId(), first.siblings().isEmpty() ? null : String.join(",", first.siblings()), due, null, null, null, null, null,
                null, json.writeValueAsString(new FrontDoor.Routed(referral, matched)));
    }

    private Receipt receiptOf(ReferralStore.Stored r, boolean repeat) {
        return new Receipt(r.id(), r.statusAt(clock.instant()), r.localAuthority(), r.decisionDue(), r.immediateRisk() ? phoneNow(r) : null, repeat);
    }

    /** The authority's front door in office hours on a working day, its out-of-hours team otherwise. */
    private PhoneNow phoneNow(ReferralStore.Stored r) {
        Agency la = agencies.find(r.localAuthority()).orElse(Agency.unknownLocalAuthority(r.localAuthority()));
        ZonedDateTime now = clock.instant().atZone(calendar.zone());
        boolean office = calendar.isWorkingDay(now.toLocalDate()) && !now.toLocalTime().isBefore(OFFICE_OPENS)
                && now.toLocalTime().isBefore(OFFICE_CLOSES);
        String phone = office || la.outOfHoursPhone() == null ? la.officePhone() : la.outOfHoursPhone();
        return new PhoneNow(la.id(), la.name(), phone, la.officePhone(), la.outOfHoursPhone(),
                "A child at immediate risk: phone " + la.name() + " now on " + phone
                        + " (and 999 if the child is in danger now). This referral follows in writing; it does not replace the call.");
    }

    /** One referral, for its referrer or social care of the authority it went to; to anyone else, existing or not, the same refusal. */
    public View view(Caller caller, String id, String traceId) {
        ReferralStore.Stored r = readable(caller, id, Action.REFERRAL_READ, traceId);
        return new View(r, r.statusAt(clock.instant()), isFrontDoor(caller));
    }

    /**
     * Social care: its authority's front-door queue, undecided oldest due first. A referrer: its own referrals, newest first.
     *
     * @param status received, overdue or decided; null for all
     */
    public List<View> list(Caller caller, String status, String traceId) {
        if (status != null && !List.of("received", "overdue", "decided").contains(status.toLowerCase(Locale.ROOT))) {
            throw InvalidInput.of("status", "must be one of received, overdue, decided");
        }
        boolean frontDoor = isFrontDoor(caller);
        access.require(caller, Action.REFERRAL_READ, frontDoor ? Resource.referral(null, null, caller.orgId(), null)
                : Resource.referral(null, caller.orgId(), null, null), traceId);
        Instant now = clock.instant();
        List<ReferralStore.Stored> rows = frontDoor ? store.queue(caller.orgId(), 500) : store.ofReferrer(caller.orgId(), 500);
        return rows.stream().map(r -> new View(r, r.statusAt(now), frontDoor))
                .filter(v -> status == null || v.status().equals(status.toLowerCase(Locale.ROOT))).toList();
    }

    /** The receiving authority's decision and its feedback to the referrer: the referral-decision route. */
    public View decide(Caller caller, String id, String decision, String feedback, String traceId) {
        flows.run(ReferralRoute.DECISION, new FrontDoor.Given(caller, id, decision, feedback, traceId));
        ReferralStore.Stored r = store.find(id).orElseThrow();
        return new View(r, r.statusAt(clock.instant()), true);
    }

    /** @return how many referrals were escalated as overdue now (the route run once, as its timer runs it) */
    public int escalateOverdue() {
        int before = store.overdueNotEscalated(clock.instant(), 500).size();
        flows.run(ReferralRoute.OVERDUE, null);
        return before - store.overdueNotEscalated(clock.instant(), 500).size();
    }

    ReferralStore.Stored readable(Caller caller, String id, Action action, String traceId) {
        ReferralStore.Stored r = id == null ? null : store.find(id).orElse(null);
        // no such referral: nobody's, so refused as another's would be, and audited; the caller cannot tell the two apart
        access.require(caller, action, Resource.referral(id, r == null ? null : r.referrerOrg(), r == null ? null : r.localAuthority(),
                r == null ? null : r.nhsNumber()), traceId);
        if (r == null) {
            throw new DocumentDistribution.NotFound("no referral " + id);
        }
        return r;
    }

    private static boolean isFrontDoor(Caller caller) {
        return caller.has(org.safeguarding.gateway.security.Role.SOCIAL_CARE);
    }

    private static boolean validKey(String key) {
        return key != null && key.matches(KEY_PATTERN);
    }
}
