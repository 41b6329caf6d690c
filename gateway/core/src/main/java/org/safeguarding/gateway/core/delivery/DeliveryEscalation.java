package org.safeguarding.gateway.core.delivery;

import org.safeguarding.gateway.security.Action;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.inbox.InboxMessage;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.scheduling.Timers;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;

/**
 * delivery-escalation: when a copy goes unacknowledged past its due time, the sender's inbox gets
 * one escalation message naming the recipient. Runs on a timer; each copy escalates once, also
 * with several gateway nodes (the mark is a conditional update).
 */
public class DeliveryEscalation extends RouteBuilder {

    private final Deliveries deliveries;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final Clock clock;
    private final ZoneId zone;
    private final long periodMillis;

    public DeliveryEscalation(Deliveries deliveries, Outbox outbox, AuditTrail audit, Clock clock, ZoneId zone, long periodMillis) {
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
        this.zone = zone;
        this.periodMillis = periodMillis;
    }

    @Override
    public void configure() {
        from(Timers.every("delivery-escalation", periodMillis)).routeId("delivery-escalation")
                .setBody(method(this, "overdue"))       // copies past their due time, not acknowledged, not yet escalated
                .split(body())
                .bean(this, "escalate");                // the sender told, the copy marked and audited: one commit
    }

    public List<Delivery> overdue() {
        return deliveries.overdueNotEscalated(clock.instant(), 500);
    }

    /** @return how many copies were escalated now (the route's steps in one call, for tests) */
    public int escalateOverdue() {
        int escalated = 0;
        for (Delivery d : overdue()) {
            escalated += escalate(d) ? 1 : 0;
        }
        return escalated;
    }

    /** @return false when another node, or an earlier run, escalated (and recorded) it first */
    public boolean escalate(Delivery d) {
        Instant now = clock.instant();
        String summary = "Overdue: " + d.recipient() + " has not acknowledged " + d.messageType() + " " + d.reference()
                + " (due " + LocalDate.ofInstant(d.dueAt(), zone) + ", status " + d.statusAt(now) + ")";
        try {
            audit.append(AuditEntry.system(Action.ESCALATE, d.messageType() + "/" + d.reference(), d.nhsNumber(), "overdue",
                    "copy " + d.id() + " to " + d.recipient() + " not acknowledged by its due time"), () -> {
                        if (!deliveries.markEscalated(d.id(), now)) {
                            throw new AlreadyDone();
                        }
                        outbox.enqueue(DeliveryQueues.INBOX, "escalation-" + d.id(), new InboxMessage("escalation-" + d.id(),
                                d.sender(), "escalation", now, d.nhsNumber(), d.reference(), summary, null, null));
                    });
            return true;
        } catch (AlreadyDone anotherNodeFirst) {
            return false;
        }
    }
}
