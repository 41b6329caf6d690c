package org.safeguarding.gateway.core.inbox;

import static java.util.Comparator.reverseOrder;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.joining;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.camel.builder.RouteBuilder;
import org.safeguarding.gateway.core.calendar.Periods;
import org.safeguarding.gateway.core.flow.AlreadyDone;
import org.safeguarding.gateway.core.flow.ErrorPolicy;
import org.safeguarding.gateway.core.flow.FlowCall;
import org.safeguarding.gateway.core.indicators.Indicators;
import org.safeguarding.gateway.core.scheduling.Timers;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Resource;
import org.safeguarding.gateway.security.audit.AuditEntry;
import org.safeguarding.gateway.security.audit.AuditTrail;

/**
 * inbox-retention: an inbox is a mailbox, not the record. A recipient takes what it needs into its own case record, and the
 * audit trail keeps that each message was delivered, read, acknowledged and purged. So a message leaves its inbox once the
 * retention has passed since it was acknowledged; a message of a type that awaits no acknowledgement (the force's receipt,
 * which repeats the 202 the force was given) once it has passed since it arrived. A message that awaits acknowledgement and
 * has none is never purged, however old, since nobody has said they read it. Each run counts those older than the retention,
 * inbox by inbox, in one {@code kept} record, so that information governance sees an inbox that nobody reads. The copies with
 * a deadline are escalated to their sender as well ({@code delivery-escalation}).
 *
 * <p>Each purged message gets an {@code inbox-purge} record naming it, its inbox and its child (so it shows in the child's
 * history), and the audit writer commits it with the deletion: a batch of messages and their records in one commit, or
 * neither. A run purges batch after batch until one finds nothing, so a backlog drains in one run without a long
 * transaction. What the sender sees of its copy (the delivery's status and envelope) is the sender's, and stays.
 */
public class InboxRetention extends RouteBuilder {

    public static final String ROUTE_ID = "inbox-retention";
    public static final String TIMER_ROUTE_ID = ROUTE_ID + "-timer";
    public static final String URI = "direct:inbox-retention";
    /** A batch holds the audit writer, and so every lookup's commit, for its deletes: 500 keeps that to milliseconds. */
    public static final int BATCH = 500;
    /** How many inboxes the kept record names (the most neglected first), so that it fits a record's reason. */
    private static final int NAMED = 5;

    private final Inbox inbox;
    private final AuditTrail audit;
    private final FlowCall flows;
    private final Clock clock;
    private final Period retention;
    private final Set<String> awaitingNoAcknowledgement;
    private final long pollMillis;

    /**
     * @param awaitingNoAcknowledgement the message types that nobody needs to acknowledge, purged by their age
     * @throws IllegalArgumentException when the retention is shorter than the weeks of access notifications the board's
     *                                  indicators count in the inboxes (the gateway refuses to start)
     */
    public InboxRetention(Inbox inbox, AuditTrail audit, FlowCall flows, Clock clock, Period retention, Set<String> awaitingNoAcknowledgement,
            long pollMillis) {
        requireCovers(retention);
        this.inbox = inbox;
        this.audit = audit;
        this.flows = flows;
        this.clock = clock;
        this.retention = retention;
        this.awaitingNoAcknowledgement = Set.copyOf(awaitingNoAcknowledgement);
        this.pollMillis = pollMillis;
    }

    static void requireCovers(Period retention) {
        if (retention == null || Periods.shortestDays(retention) < 7L * Indicators.WEEKS) {
            throw new IllegalArgumentException("gateway.retention.inbox (" + retention + ") is shorter than the " + Indicators.WEEKS
                    + " weeks of access notifications that the indicators count in the inboxes");
        }
    }

    @Override
    public void configure() {
        from(Timers.every(ROUTE_ID, pollMillis)).routeId(TIMER_ROUTE_ID).routePolicyRef(Timers.ON_ONE_NODE).to(URI);

        from(URI).routeId(ROUTE_ID).routeConfigurationId(ErrorPolicy.IN_CALLER)
                .loopDoWhile(method(this, "anotherBatch"))  // the first, then again while the last one purged something
                    .setBody(method(this, "expired"))       // acknowledged before the cutoff, then receipts delivered before it
                    .setBody(method(this, "purge"))         // deleted with a record each, in one commit
                .end()
                .setBody(method(this, "recordKept"));       // awaiting acknowledgement for longer: kept, and counted in a record
    }

    /** @return the route run once, as the timer runs it: what it kept, as {@link #recordKept} counts it */
    @SuppressWarnings("unchecked")
    public Map<String, Long> runOnce() {
        return flows.request(URI, null, Map.class);
    }

    /** @param lastBatch what the previous batch purged; null before the first */
    public boolean anotherBatch(List<Inbox.Dated> lastBatch) {
        return lastBatch == null || !lastBatch.isEmpty();
    }

    /** A batch whose retention has passed, each message once (a receipt may be acknowledged as well). */
    public List<Inbox.Dated> expired() {
        Instant cutoff = cutoff();
        Map<String, Inbox.Dated> batch = new LinkedHashMap<>();
        inbox.acknowledgedBefore(cutoff, BATCH).forEach(m -> batch.put(m.id(), m));
        for (String type : awaitingNoAcknowledgement) {
            if (batch.size() < BATCH) {
                inbox.deliveredBefore(type, cutoff, BATCH - batch.size()).forEach(m -> batch.putIfAbsent(m.id(), m));
            }
        }
        return List.copyOf(batch.values());
    }

    /**
     * @return the batch, deleted with its records; empty when another node purged one of them first: then the whole batch is
     *         rolled back unrecorded, and the next run selects afresh
     */
    public List<Inbox.Dated> purge(List<Inbox.Dated> batch) {
        if (batch.isEmpty()) {
            return batch;
        }
        try {
            // the dates that expired a message never change (an acknowledgement is given once), so one selected is still
            // expired now: only whether another node removed it first needs checking
            audit.appendAll(batch.stream().map(this::record).toList(), () -> batch.forEach(m -> {
                if (!inbox.remove(m.id())) {
                    throw new AlreadyDone();
                }
            }));
            return batch;
        } catch (AlreadyDone anotherNodeFirst) {
            return List.of();
        }
    }

    private AuditEntry record(Inbox.Dated m) {
        String why = awaitingNoAcknowledgement.contains(m.type()) ? "delivered " + m.createdAt() + ", awaits no acknowledgement"
                : "acknowledged " + m.acknowledgedAt();
        return AuditEntry.system(Action.INBOX_PURGE, Resource.inboxMessage(m.id(), m.recipient(), m.nhsNumber()).describe(), m.nhsNumber(),
                "purged", m.type() + " in the inbox of " + m.recipient() + ", " + why + ", retention " + retention);
    }

    /**
     * Per inbox, the messages awaiting acknowledgement for longer than the retention, all kept; said in one record when there
     * are any. Counted up to {@link Inbox#EXACT_TOTAL_UP_TO} (the oldest first), so that a run reads a bounded part of the index.
     */
    public Map<String, Long> recordKept() {
        List<String> recipients = inbox.unacknowledgedBefore(cutoff(), awaitingNoAcknowledgement);
        if (recipients.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> byInbox = recipients.stream().collect(groupingBy(r -> r, TreeMap::new, counting()));
        String many = recipients.size() > Inbox.EXACT_TOTAL_UP_TO ? "more than " + Inbox.EXACT_TOTAL_UP_TO + " (of the oldest: "
                : recipients.size() + " (";
        String named = byInbox.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(reverseOrder()))
                .limit(NAMED).map(e -> e.getKey() + " " + e.getValue()).collect(joining(", "));
        String others = byInbox.size() > NAMED ? " and " + (byInbox.size() - NAMED) + " more inboxes" : "";
        audit.append(AuditEntry.system(Action.INBOX_PURGE, "inbox/*", null, "kept", many + named + others + ") awaiting acknowledgement"
                + " for longer than the retention " + retention + ": kept, as a message awaiting acknowledgement is never purged"));
        return byInbox;
    }

    private Instant cutoff() {
        return clock.instant().atZone(ZoneOffset.UTC).minus(retention).toInstant();
    }
}
