package org.safeguarding.gateway.core.referral;

import static org.safeguarding.gateway.core.persistence.Timestamps.instant;
import static org.safeguarding.gateway.core.persistence.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Referrals as the front door works them: received -> decided, or overdue (undecided past the due time) and escalated once. */
public class ReferralStore {

    private static final String COLUMNS = "id, referrer_org, referrer_type, received_at, urgency, local_authority, nhs_number, child_summary,"
            + " plan_id, siblings, decision_due, routed_at, decision, feedback, decided_by, decided_at, escalated_at, payload";

    /** A referral as stored; {@code payload} is null once it has been routed. */
    public record Stored(String id, String referrerOrg, String referrerType, Instant receivedAt, String urgency, String localAuthority,
            String nhsNumber, String childSummary, String planId, String siblings, Instant decisionDue, Instant routedAt, String decision,
            String feedback, String decidedBy, Instant decidedAt, Instant escalatedAt, String payload) {

        /** What the referrer and the front door see: decided, or overdue once the due time passed undecided, else received. */
        public String statusAt(Instant now) {
            if (decidedAt != null) {
                return "decided";
            }
            return now.isAfter(decisionDue) ? "overdue" : "received";
        }

        public boolean immediateRisk() {
            return Referral.Urgency.IMMEDIATE_RISK.code().equals(urgency);
        }
    }

    private final JdbcClient jdbc;

    public ReferralStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void add(Stored r, String idempotencyKey) {
        jdbc.sql("INSERT INTO referral (" + COLUMNS + ", idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.id(), r.referrerOrg(), r.referrerType(), utc(r.receivedAt()), r.urgency(), r.localAuthority(), r.nhsNumber(),
                        r.childSummary(), r.planId(), r.siblings(), utc(r.decisionDue()), utc(r.routedAt()), r.decision(), r.feedback(),
                        r.decidedBy(), utc(r.decidedAt()), utc(r.escalatedAt()), r.payload(), idempotencyKey)
                .update();
    }

    public Optional<Stored> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM referral WHERE id = ?").param(id).query(ReferralStore::map).optional();
    }

    public Optional<Stored> findRepeat(String referrerOrg, String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM referral WHERE referrer_org = ? AND idempotency_key = ?")
                .params(referrerOrg, idempotencyKey).query(ReferralStore::map).optional();
    }

    /** The front door's queue: the authority's referrals, undecided first by due time, then the decided, latest first. */
    public List<Stored> queue(String localAuthority, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM referral WHERE local_authority = ?"
                        + " ORDER BY CASE WHEN decided_at IS NULL THEN 0 ELSE 1 END, decision_due, decided_at DESC LIMIT ?")
                .params(localAuthority, limit).query(ReferralStore::map).list();
    }

    public List<Stored> ofReferrer(String referrerOrg, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM referral WHERE referrer_org = ? ORDER BY received_at DESC LIMIT ?")
                .params(referrerOrg, limit).query(ReferralStore::map).list();
    }

    /** The routing mark, which also lets the payload go (only the authority's envelope holds the concerns from then on). */
    public boolean markRouted(String id, Instant when) {
        return jdbc.sql("UPDATE referral SET routed_at = ?, payload = NULL WHERE id = ? AND routed_at IS NULL").params(utc(when), id).update() > 0;
    }

    /** @return false when it was decided already: a second decision changes nothing */
    public boolean recordDecision(String id, String decision, String feedback, String by, Instant when) {
        return jdbc.sql("UPDATE referral SET decision = ?, feedback = ?, decided_by = ?, decided_at = ? WHERE id = ? AND decided_at IS NULL")
                .params(decision, feedback, by, utc(when), id).update() > 0;
    }

    /** Undecided past their due time and not yet escalated, oldest due first. */
    public List<Stored> overdueNotEscalated(Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM referral WHERE decision_due < ? AND decided_at IS NULL AND escalated_at IS NULL"
                        + " ORDER BY decision_due LIMIT ?")
                .params(utc(now), limit).query(ReferralStore::map).list();
    }

    /** @return false when another node (or an earlier run) escalated it first, or it was decided meanwhile */
    public boolean markEscalated(String id, Instant when) {
        return jdbc.sql("UPDATE referral SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL AND decided_at IS NULL")
                .params(utc(when), id).update() > 0;
    }

    private static Stored map(ResultSet rs, int row) throws SQLException {
        return new Stored(rs.getString("id"), rs.getString("referrer_org"), rs.getString("referrer_type"), instant(rs, "received_at"),
                rs.getString("urgency"), rs.getString("local_authority"), rs.getString("nhs_number"), rs.getString("child_summary"),
                rs.getString("plan_id"), rs.getString("siblings"), instant(rs, "decision_due"), instant(rs, "routed_at"), rs.getString("decision"),
                rs.getString("feedback"), rs.getString("decided_by"), instant(rs, "decided_at"), instant(rs, "escalated_at"),
                rs.getString("payload"));
    }
}
