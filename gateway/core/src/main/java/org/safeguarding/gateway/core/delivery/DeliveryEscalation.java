package org.safeguarding.gateway.core.delivery;

import org.safeguarding.gateway.core.flow.AlreadyDone;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.flow.ErrorPolicy;
import org.safeguarding.gateway.core.flow.FlowCall;
import org.safeguarding.gateway.core.scheduling.Timers;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.audit.AuditEntry;
import tools.jackson.databind.json.JsonMapper;

/**
 * delivery-escalation: when a copy goes unacknowledged past its due time, its sender is told, once, by a secure copy
 * naming the recipient (so an authority's own system gets it pushed like any other copy). Runs on a timer; each copy
 * escalates once, also with several gateway nodes (the mark is a conditional update, committed with the notice).
 */
public class DeliveryEscalation extends RouteBuilder {

    public static final String URI = "direct:delivery-escalation";
    private static final String OVERDUE = "overdue";

    /** What the sender's copy says. */
    /** What the sender's copy says; {@code reason}: why a copy failed for good (null for an overdue one). */
    public record EscalationNotice(String copy, String messageType, String reference, String recipient, Instant due, String status,
            String reason) {}

    private final Deliveries deliveries;
    private final SecureCopies copies;
    private final FlowCall flows;
    private final JsonMapper json;
    private final Clock clock;
    private final ZoneId zone;
    private final long periodMillis;

    public DeliveryEscalation(Deliveries deliveries, SecureCopies copies, FlowCall flows, JsonMapper json, Clock clock, ZoneId zone,
            long periodMillis) {
        this.deliveries = deliveries;
        this.copies = copies;
        this.flows = flows;
        this.json = json;
        this.clock = clock;
        this.zone = zone;
        this.periodMillis = periodMillis;
    }

    @Override
    public void configure() {
        from(Timers.every("delivery-escalation", periodMillis)).routeId("delivery-escalation-timer").routePolicyRef(Timers.ON_ONE_NODE).to(URI);

        from(URI).routeId("delivery-escalation").routeConfigurationId(ErrorPolicy.IN_CALLER)
                .setBody(method(this, "overdue"))           // copies past their due time, not acknowledged, not yet escalated
                .split(body())
                    .setProperty(OVERDUE, body())
                    .setBody(method(this, "noticeFor"))     // what the sender is told, naming the recipient
                    .to(SecureCopyRoute.URI)                // signed, encrypted to the sender
                    .bean(this, "commit(${exchangeProperty." + OVERDUE + "}, ${body})")
                .end();
    }

    public List<Delivery> overdue() {
        return deliveries.overdueNotEscalated(clock.instant(), 500);
    }

    /** @return how many copies were escalated now (the route run once, as the timer runs it) */
    public int escalateOverdue() {
        int before = overdue().size();
        flows.run(URI, null);
        return before - overdue().size();
    }

    public SecureCopies.Request noticeFor(Delivery d) {
        Instant now = clock.instant();
        String summary = "Overdue: " + d.recipient() + " has not acknowledged " + d.messageType() + " " + d.reference()
                + " (due " + LocalDate.ofInstant(d.dueAt(), zone) + ", status " + d.statusAt(now) + ")";
        byte[] content = json.writeValueAsBytes(new EscalationNotice(d.id(), d.messageType(), d.reference(), d.recipient(), d.dueAt(),
                d.statusAt(now), null));
        return new SecureCopies.Request("escalation", d.reference(), "gateway", d.sender(), d.nhsNumber(), summary, content, null, d.id());
    }

    /**
     * What the sender is told when a copy failed for good on a channel that answers (a MESH non-delivery report, the
     * recipient's system refusing it): sent at once, not at the due time. A copy of its own (not the overdue notice's), so
     * a copy escalated as overdue and then refused tells its sender both.
     */
    public SecureCopies.Request failureNoticeFor(Delivery d, String reason) {
        String summary = "Not delivered: " + d.messageType() + " " + d.reference() + " to " + d.recipient() + " failed: " + reason;
        byte[] content = json.writeValueAsBytes(new EscalationNotice(d.id(), d.messageType(), d.reference(), d.recipient(), d.dueAt(),
                "failed", reason));
        return new SecureCopies.Request("escalation", d.reference(), "gateway", d.sender(), d.nhsNumber(), summary, content, null,
                d.id() + "/failed");
    }

    /** The copy marked escalated, the sender's notice and both records in one commit; nothing when it was escalated already. */
    public void commit(Delivery d, SecureCopies.Prepared notice) {
        Instant now = clock.instant();
        try {
            copies.commit(List.of(AuditEntry.system(Action.ESCALATE, d.messageType() + "/" + d.reference(), d.nhsNumber(), "overdue",
                    "copy " + d.id() + " to " + d.recipient() + " not acknowledged by its due time")), () -> {
                        if (!deliveries.markEscalated(d.id(), now)) {
                            throw new AlreadyDone();
                        }
                    }, List.of(notice));
        } catch (AlreadyDone anotherNodeFirst) {
            // escalated, with its notice and records, by another node or an earlier run
        }
    }
}
