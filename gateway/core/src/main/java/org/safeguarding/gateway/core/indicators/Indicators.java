package org.safeguarding.gateway.core.indicators;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a safeguarding board watches for one authority (seed findings 1 and 17, NI64): plans in
 * force, plans lasting two years or more, how often children with plans turn up in health
 * settings, how fast minutes are acknowledged, what became of police notifications, and whether
 * schools heard before the school day started.
 */
public class Indicators {

    public record WeekCount(LocalDate weekStarting, long accessNotifications) {}

    /** Days from a document's upload (the conference's minutes going out) to each recipient's acknowledgement. */
    public record Acknowledgement(long acknowledged, long awaiting, Double medianDays, Double slowestDays) {}

    public record SchoolDeadlines(long due, long readInTime, Double percentInTime) {}

    /** One week's referrals to the authority, by the kind of agency that referred (school, gp, police, ...). */
    public record ReferralWeek(LocalDate weekStarting, Map<String, Long> bySource) {}

    /**
     * Referrals (seed finding 3) over the weeks shown: received per week by source; of those whose decision has fallen due
     * (or came early), the share decided within the working-day deadline and the share whose referrer was sent written
     * feedback; and how many were re-referrals of a child referred to the authority in the twelve months before.
     */
    public record Referrals(List<ReferralWeek> perWeek, long received, long due, Double decidedInTimePercent, Double feedbackSentPercent,
            long reReferrals) {}

    public record Report(String localAuthority, LocalDate asOf, long activePlans, long plansTwoYearsOrMore, List<WeekCount> accessNotificationsPerWeek,
            Acknowledgement minutesAcknowledgement, Map<String, Long> dvOutcomes, SchoolDeadlines schoolNotifications, Referrals referrals) {}

    /** How many weeks of access notifications the board sees, counted in the inboxes: the inbox retention keeps at least that. */
    public static final int WEEKS = 8;

    private final AccessControl access;
    private final JdbcClient jdbc;
    private final Clock clock;

    public Indicators(AccessControl access, JdbcClient jdbc, Clock clock) {
        this.access = access;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @throws InvalidInput before any decision when {@code la} is no organisation id (nothing to decide about) */
    public Report forAuthority(Caller caller, String la, String traceId) {
        if (la == null || !la.matches("[a-z0-9][a-z0-9-]{0,99}")) {
            throw InvalidInput.of("la", "the local authority's organisation id is required");
        }
        access.require(caller, Action.INDICATORS_READ, new Resource("indicators", la, la, null), traceId);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long active = jdbc.sql("SELECT COUNT(*) FROM cp_plan WHERE local_authority = ? AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)")
                .params(la, today, today).query(Long.class).single();
        long longRunning = jdbc.sql("SELECT COUNT(*) FROM cp_plan WHERE local_authority = ? AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)")
                .params(la, today.minusYears(2), today).query(Long.class).single();
        return new Report(la, today, active, longRunning, accessNotificationsPerWeek(la, today), minutesAcknowledgement(la, now),
                dvOutcomes(la), schoolDeadlines(la, now), referrals(la, today, now));
    }

    private Referrals referrals(String la, LocalDate today, Instant now) {
        LocalDate firstWeek = today.minusWeeks(WEEKS - 1L).with(java.time.DayOfWeek.MONDAY);
        Map<LocalDate, Map<String, Long>> weeks = new LinkedHashMap<>();
        for (LocalDate week = firstWeek; !week.isAfter(today); week = week.plusWeeks(1)) {
            weeks.put(week, new java.util.TreeMap<>());
        }
        long[] counts = new long[5]; // received, due, decided in time, feedback sent, re-referrals
        jdbc.sql("SELECT r.referrer_type, r.received_at, r.decision_due, r.decided_at,"
                        + " (SELECT COUNT(*) FROM referral e WHERE e.local_authority = r.local_authority AND e.nhs_number = r.nhs_number"
                        + "   AND e.id <> r.id AND e.received_at < r.received_at AND e.received_at >= r.received_at - INTERVAL '365' DAY) AS earlier"
                        + " FROM referral r WHERE r.local_authority = ? AND r.received_at >= ?")
                .params(la, firstWeek.atStartOfDay().atOffset(ZoneOffset.UTC))
                .query(rs -> {
                    OffsetDateTime received = rs.getObject("received_at", OffsetDateTime.class);
                    OffsetDateTime due = rs.getObject("decision_due", OffsetDateTime.class);
                    OffsetDateTime decided = rs.getObject("decided_at", OffsetDateTime.class);
                    weeks.computeIfAbsent(received.toLocalDate().with(java.time.DayOfWeek.MONDAY), w -> new java.util.TreeMap<>())
                            .merge(rs.getString("referrer_type"), 1L, Long::sum);
                    counts[0]++;
                    if (decided != null || due.toInstant().isBefore(now)) {
                        counts[1]++;
                        counts[2] += decided != null && !decided.toInstant().isAfter(due.toInstant()) ? 1 : 0;
                        counts[3] += decided != null ? 1 : 0;   // the decision and its written feedback are sent in one commit
                    }
                    counts[4] += rs.getLong("earlier") > 0 ? 1 : 0;
                });
        List<ReferralWeek> perWeek = new ArrayList<>();
        weeks.forEach((week, bySource) -> perWeek.add(new ReferralWeek(week, bySource)));
        return new Referrals(perWeek, counts[0], counts[1], counts[1] == 0 ? null : round(100.0 * counts[2] / counts[1]),
                counts[1] == 0 ? null : round(100.0 * counts[3] / counts[1]), counts[4]);
    }

    private List<WeekCount> accessNotificationsPerWeek(String la, LocalDate today) {
        LocalDate firstWeek = today.minusWeeks(WEEKS - 1L).with(java.time.DayOfWeek.MONDAY);
        List<OffsetDateTime> times = jdbc.sql("SELECT created_at FROM inbox_message WHERE recipient = ? AND message_type = 'access-notification'"
                        + " AND created_at >= ?")
                .params(la, firstWeek.atStartOfDay().atOffset(ZoneOffset.UTC))
                .query((rs, row) -> rs.getObject(1, OffsetDateTime.class)).list();
        Map<LocalDate, Long> weeks = new LinkedHashMap<>();
        for (LocalDate week = firstWeek; !week.isAfter(today); week = week.plusWeeks(1)) {
            weeks.put(week, 0L);
        }
        for (OffsetDateTime t : times) {
            weeks.merge(t.toLocalDate().with(java.time.DayOfWeek.MONDAY), 1L, Long::sum);
        }
        List<WeekCount> result = new ArrayList<>();
        weeks.forEach((week, count) -> result.add(new WeekCount(week, count)));
        return result;
    }

    private Acknowledgement minutesAcknowledgement(String la, Instant now) {
        List<Double> days = new ArrayList<>();
        long[] awaiting = {0};
        jdbc.sql("SELECT d.queued_at, d.acknowledged_at FROM delivery d JOIN document doc ON doc.id = d.reference"
                        + " WHERE doc.local_authority = ? AND doc.kind IN ('conference-minutes', 'review-minutes')")
                .param(la)
                .query(rs -> {
                    OffsetDateTime ack = rs.getObject(2, OffsetDateTime.class);
                    if (ack == null) {
                        awaiting[0]++;
                    } else {
                        days.add(Duration.between(rs.getObject(1, OffsetDateTime.class), ack).toMinutes() / (60.0 * 24));
                    }
                });
        days.sort(Double::compare);
        return new Acknowledgement(days.size(), awaiting[0], days.isEmpty() ? null : round(days.get((days.size() - 1) / 2)),
                days.isEmpty() ? null : round(days.get(days.size() - 1)));
    }

    private Map<String, Long> dvOutcomes(String la) {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        jdbc.sql("SELECT COALESCE(outcome_decision, 'awaiting-outcome') AS decision, COUNT(*) AS n FROM dv_notification"
                        + " WHERE ',' || local_authorities || ',' LIKE ? GROUP BY COALESCE(outcome_decision, 'awaiting-outcome') ORDER BY 1")
                .param("%," + la + ",%")
                .query(rs -> {
                    outcomes.put(rs.getString("decision"), rs.getLong("n"));
                });
        return outcomes;
    }

    /** School copies whose deadline has come, and how many were read (acknowledged) by it. */
    private SchoolDeadlines schoolDeadlines(String la, Instant now) {
        long[] counts = {0, 0};
        jdbc.sql("SELECT d.due_at, d.acknowledged_at FROM delivery d JOIN dv_notification n ON n.id = d.reference"
                        + " JOIN agency a ON a.id = d.recipient WHERE d.message_type = 'dv-notification' AND a.agency_type = 'school'"
                        + " AND ',' || n.local_authorities || ',' LIKE ?")
                .param("%," + la + ",%")
                .query(rs -> {
                    OffsetDateTime due = rs.getObject(1, OffsetDateTime.class);
                    OffsetDateTime ack = rs.getObject(2, OffsetDateTime.class);
                    boolean inTime = ack != null && !ack.toInstant().isAfter(due.toInstant());
                    if (inTime || due.toInstant().isBefore(now)) {
                        counts[0]++;
                        counts[1] += inTime ? 1 : 0;
                    }
                });
        return new SchoolDeadlines(counts[0], counts[1], counts[0] == 0 ? null : round(100.0 * counts[1] / counts[0]));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
