package org.safeguarding.gateway.core.dv;

import org.safeguarding.gateway.security.Action;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.calendar.WorkingCalendar;
import org.safeguarding.gateway.core.delivery.DeliveryQueues;
import org.safeguarding.gateway.core.delivery.SecureCopies;
import org.safeguarding.gateway.core.flow.AlreadyDone;
import org.safeguarding.gateway.security.audit.AuditEntry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of dv-notification's routing ({@link DvNotificationRoute}): match the children, choose the recipients (the
 * local authority the full notification, each school the Operation Encompass minimum due at the start of the next school
 * day, health visiting the under-fives), each recipient's copy in the form its adapter decides, and the commit. Routing a
 * notification twice changes nothing: the routing mark, the matches, the copies and the records commit together.
 */
public class DvRouting {

    private final DvStore store;
    private final ChildMatcher matcher;
    private final AgencyDirectory agencies;
    private final SecureCopies copies;
    private final NoticeFormats formats;
    private final WorkingCalendar schoolCalendar;
    private final LocalTime schoolDayStarts;
    private final JsonMapper json;
    private final Clock clock;

    public DvRouting(DvStore store, ChildMatcher matcher, AgencyDirectory agencies, SecureCopies copies, NoticeFormats formats,
            WorkingCalendar schoolCalendar, LocalTime schoolDayStarts, JsonMapper json, Clock clock) {
        this.store = store;
        this.matcher = matcher;
        this.agencies = agencies;
        this.copies = copies;
        this.formats = formats;
        this.schoolCalendar = schoolCalendar;
        this.schoolDayStarts = schoolDayStarts;
        this.json = json;
        this.clock = clock;
    }

    /** One recipient of a notification: who, in which form, about which of its children, by when. */
    public record Recipient(NoticeFormat.Audience audience, String id, List<MatchedChild> children, Instant due) {}

    /** A notification's routing decided: the children as matched, the recipients chosen, the record of it. */
    public record Routing(DvNotification notification, List<MatchedChild> matched, List<String> authorities, List<Recipient> recipients,
            AuditEntry record) {}

    /** What the routing queue's message names: the notification, or null when it was routed already (de-duplicate). */
    public DvNotification received(String message) {
        String id = json.readValue(message, DeliveryQueues.DeliveryRef.class).deliveryId();
        DvStore.Stored stored = store.find(id).orElseThrow(() -> new IllegalStateException("no notification " + id));
        return "received".equals(stored.status()) ? json.readValue(stored.payload(), DvNotification.class) : null;
    }

    /** Each child matched against the register (NHS number, else exact demographics), and the recipients that follow. */
    public Routing match(DvNotification n) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), schoolCalendar.zone());
        List<MatchedChild> matched = new ArrayList<>();
        for (int i = 0; i < n.children().size(); i++) {
            matched.add(matcher.match(i, n.children().get(i), n, today));
        }
        List<String> authorities = matched.stream().map(MatchedChild::localAuthority).filter(la -> la != null).distinct().toList();
        List<Recipient> recipients = new ArrayList<>();
        authorities.forEach(la -> recipients.add(new Recipient(NoticeFormat.Audience.LOCAL_AUTHORITY, la, matched, null)));
        Map<String, List<MatchedChild>> bySchool = new LinkedHashMap<>();
        Map<String, List<MatchedChild>> byHealthVisiting = new LinkedHashMap<>();
        for (MatchedChild m : matched) {
            String school = m.child().schoolId();
            if (school != null && agencies.find(school).filter(a -> a.type().equals("school")).isPresent()) {
                bySchool.computeIfAbsent(school, k -> new ArrayList<>()).add(m);
            }
            if (m.underFive()) {
                agencies.covering("health-visiting", m.child().postcode() != null ? m.child().postcode() : n.locationPostcode())
                        .ifPresent(hv -> byHealthVisiting.computeIfAbsent(hv.id(), k -> new ArrayList<>()).add(m));
            }
        }
        Instant schoolDeadline = schoolCalendar.nextOpening(n.receivedAt().atZone(schoolCalendar.zone()), schoolDayStarts).toInstant();
        bySchool.forEach((school, children) -> recipients.add(new Recipient(NoticeFormat.Audience.SCHOOL, school, children, schoolDeadline)));
        byHealthVisiting.forEach((hv, children) -> recipients.add(new Recipient(NoticeFormat.Audience.HEALTH_VISITING, hv, children, null)));
        AuditEntry record = AuditEntry.system(Action.DV_ROUTE, "dv-notification/" + n.id(), matched.size() == 1 ? matched.get(0).nhsNumber() : null,
                authorities.isEmpty() ? "unroutable" : "routed", "to " + authorities + ", schools " + bySchool.keySet()
                        + ", health visiting " + byHealthVisiting.keySet());
        return new Routing(n, matched, authorities, recipients, record);
    }

    /** Per recipient, the copy its adapter's notice format allows it: the full notification, or the minimum. */
    public List<SecureCopies.Request> copiesFor(Routing routing) {
        DvNotification n = routing.notification();
        return routing.recipients().stream().map(r -> {
            NoticeFormat format = formats.format(r.audience());
            return new SecureCopies.Request("dv-notification", n.id(), n.forceId(), r.id(),
                    r.children().size() == 1 ? r.children().get(0).nhsNumber() : null, format.summary(n, r.children()),
                    format.render(n, r.children()), r.due());
        }).toList();
    }

    /**
     * The routing mark, the matches and the copies with their records, in one commit: a crash keeps all of it or none, and a
     * second delivery of the same message (or another node) finds the notification routed and writes nothing.
     */
    public void commit(Routing routing, List<SecureCopies.Prepared> sealed) {
        String id = routing.notification().id();
        try {
            copies.commit(List.of(routing.record()), () -> {
                // the mark first: it decides, under the row's lock, that this is the one routing
                if (!store.markRouted(id, routing.authorities())) {
                    throw new AlreadyDone();
                }
                routing.matched().forEach(m -> store.addMatch(id, m));
            }, sealed == null ? List.of() : sealed);
        } catch (AlreadyDone routedBefore) {
            // by another node, or before a crash: with its copies and its records
        }
    }
}
