package org.safeguarding.gateway.core.dv;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.agency.AgencyDirectory;
import org.safeguarding.gateway.core.calendar.WorkingCalendar;
import org.safeguarding.gateway.core.delivery.Deliveries;
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.delivery.DeliveryQueues;
import org.safeguarding.gateway.core.model.Agency;
import org.safeguarding.gateway.core.outbox.BrokerRedelivery;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;
import org.safeguarding.gateway.security.crypto.CmsEnvelope;
import org.safeguarding.gateway.security.crypto.Pem;
import tools.jackson.databind.json.JsonMapper;

/**
 * dv-notification, the asynchronous half: match children -> enrich -> one signed, encrypted copy
 * per recipient, each in the form its adapter decides: the local authority the full notification,
 * each school the Operation Encompass minimum (due at the start of the next school day), health
 * visiting the under-fives. Routing a notification twice changes nothing: it runs once per
 * notification, in one transaction with the copies it creates and its audit records.
 */
public class DvRouting extends RouteBuilder {

    private final DvStore store;
    private final ChildMatcher matcher;
    private final AgencyDirectory agencies;
    private final Deliveries deliveries;
    private final Outbox outbox;
    private final CmsEnvelope cms;
    private final Map<NoticeFormat.Audience, NoticeFormat> formats = new EnumMap<>(NoticeFormat.Audience.class);
    private final WorkingCalendar schoolCalendar;
    private final LocalTime schoolDayStarts;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;

    public DvRouting(DvStore store, ChildMatcher matcher, AgencyDirectory agencies, Deliveries deliveries, Outbox outbox, CmsEnvelope cms,
            List<NoticeFormat> formats, WorkingCalendar schoolCalendar, LocalTime schoolDayStarts, AuditTrail audit, JsonMapper json,
            Clock clock) {
        this.store = store;
        this.matcher = matcher;
        this.agencies = agencies;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.cms = cms;
        formats.forEach(f -> this.formats.put(f.audience(), f));
        this.schoolCalendar = schoolCalendar;
        this.schoolDayStarts = schoolDayStarts;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("jms:queue:" + DvNotifications.ROUTING_QUEUE + "?transacted=true").routeId("dv-notification")
                .routeConfigurationId(BrokerRedelivery.ID)
                .setBody(method(this, "received"))      // the notification, unless it was routed already
                .filter(body().isNotNull())
                .setBody(method(this, "match"))         // children matched, recipients chosen, each copy rendered and encrypted
                .bean(this, "commit");                  // mark, matches, copies, outbox rows and audit records: one commit
    }

    /** What the routing queue's message names: the notification, or null when it was routed already. */
    public DvNotification received(String message) {
        String id = json.readValue(message, DeliveryQueues.DeliveryRef.class).deliveryId();
        DvStore.Stored stored = store.find(id).orElseThrow(() -> new IllegalStateException("no notification " + id));
        return "received".equals(stored.status()) ? json.readValue(stored.payload(), DvNotification.class) : null;
    }

    /** The whole routing of one notification, as the route runs it (for a redelivery in tests). */
    public void route(String id) {
        DvNotification n = received(json.writeValueAsString(new DeliveryQueues.DeliveryRef(id)));
        if (n != null) {
            commit(match(n));
        }
    }

    /** A notification's routing, decided and encrypted, waiting to be committed with its records. */
    public record Routing(String id, List<MatchedChild> matched, List<String> authorities, List<Copy> copies, List<AuditEntry> records) {}

    /**
     * Matching, rendering and encryption, outside any transaction (they read, and the encryption is the slow part); the
     * routing commits afterwards, in {@link #commit}.
     */
    public Routing match(DvNotification n) {
        String id = n.id();
        LocalDate today = LocalDate.ofInstant(clock.instant(), schoolCalendar.zone());
        List<MatchedChild> matched = new ArrayList<>();
        for (int i = 0; i < n.children().size(); i++) {
            matched.add(matcher.match(i, n.children().get(i), n, today));
        }
        List<String> authorities = matched.stream().map(MatchedChild::localAuthority).filter(la -> la != null).distinct().toList();
        List<AuditEntry> done = new ArrayList<>();
        List<Copy> copies = new ArrayList<>();
        for (String la : authorities) {
            prepare(n, NoticeFormat.Audience.LOCAL_AUTHORITY, la, matched, null, copies, done);
        }
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
        bySchool.forEach((school, children) -> prepare(n, NoticeFormat.Audience.SCHOOL, school, children, schoolDeadline, copies, done));
        byHealthVisiting.forEach((hv, children) -> prepare(n, NoticeFormat.Audience.HEALTH_VISITING, hv, children, null, copies, done));
        done.add(AuditEntry.system("dv-route", "dv-notification/" + id, matched.size() == 1 ? matched.get(0).nhsNumber() : null,
                authorities.isEmpty() ? "unroutable" : "routed", "to " + authorities + ", schools " + bySchool.keySet()
                        + ", health visiting " + byHealthVisiting.keySet()));
        return new Routing(id, matched, authorities, copies, done);
    }

    /**
     * The routing mark, the matches, the copies and their outbox rows in one transaction with the routing's audit records,
     * the audit writer's: a crash keeps all of it or none, and a second delivery of the same message (or another node)
     * finds the notification routed and writes nothing.
     */
    public void commit(Routing routing) {
        try {
            audit.appendAll(routing.records(), () -> {
                // the mark first: it decides, under the row's lock, that this is the one routing
                if (!store.markRouted(routing.id(), routing.authorities())) {
                    throw new AlreadyRouted();
                }
                routing.matched().forEach(m -> store.addMatch(routing.id(), m));
                for (Copy copy : routing.copies()) {
                    String deliveryId = copy.delivery().id();
                    deliveries.add(copy.delivery(), copy.envelope());
                    outbox.enqueue(DeliveryQueues.SECURE_DELIVERY, deliveryId, new DeliveryQueues.DeliveryRef(deliveryId));
                    if (copy.push()) {
                        outbox.enqueue(DeliveryQueues.PUSH, "push-" + deliveryId, new DeliveryQueues.DeliveryRef(deliveryId));
                    }
                }
            });
        } catch (AlreadyRouted routedBefore) {
            // by another node, or before a crash: with its copies and its records
        }
    }

    /** One recipient's copy, encrypted, waiting for the routing's commit. */
    public record Copy(Delivery delivery, byte[] envelope, boolean push) {}

    /** The routing was done already: the audit writer rolls this attempt back, effect and records. */
    private static final class AlreadyRouted extends RuntimeException {
        AlreadyRouted() {
            super(null, null, false, false);
        }
    }

    private void prepare(DvNotification n, NoticeFormat.Audience audience, String recipientId, List<MatchedChild> children, Instant due,
            List<Copy> copies, List<AuditEntry> done) {
        Agency recipient = agencies.find(recipientId).orElse(null);
        if (recipient == null || recipient.certificatePem() == null) {
            done.add(AuditEntry.system("dv-route", "dv-notification/" + n.id(), null, "not-sent",
                    recipientId + " has no certificate in the agencies directory"));
            return;
        }
        NoticeFormat format = formats.get(audience);
        byte[] envelope = cms.signAndEncrypt(format.render(n, children), Pem.readCertificate(recipient.certificatePem()));
        Delivery d = new Delivery(UUID.randomUUID().toString(), "dv-notification", n.id(), n.forceId(), recipientId,
                children.size() == 1 ? children.get(0).nhsNumber() : null, format.summary(n, children), Delivery.Status.QUEUED,
                clock.instant(), null, null, due, null, 0, null, null);
        copies.add(new Copy(d, envelope, recipient.pushUrl() != null));
    }
}
