package org.safeguarding.gateway.core.dv;

import static org.safeguarding.gateway.core.persistence.Timestamps.instant;
import static org.safeguarding.gateway.core.persistence.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Received notifications: the de-duplication keys, the routing state, the authorities told and the outcome. */
public class DvStore {

    public record Stored(String id, String forceId, String idempotencyKey, String forceReference, Instant receivedAt, String status,
            String payload, List<String> localAuthorities, String outcomeDecision, String outcomeNote, Instant outcomeAt) {}

    private static final String COLUMNS = "id, force_id, idempotency_key, force_reference, received_at, status, payload,"
            + " local_authorities, outcome_decision, outcome_note, outcome_at";

    private final JdbcClient jdbc;

    public DvStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void add(String id, String forceId, String idempotencyKey, String forceReference, Instant receivedAt, Instant incidentAt,
            String riskLevel, String payload) {
        jdbc.sql("INSERT INTO dv_notification (id, force_id, idempotency_key, force_reference, received_at, incident_at, risk_level,"
                        + " status, payload) VALUES (?, ?, ?, ?, ?, ?, ?, 'received', ?)")
                .params(id, forceId, idempotencyKey, forceReference, utc(receivedAt), utc(incidentAt), riskLevel, payload).update();
    }

    /** The earlier submission this one repeats: the same Idempotency-Key, or the same force reference. */
    public Optional<Stored> findRepeat(String forceId, String idempotencyKey, String forceReference) {
        // two lookups, one per unique key: with the two keys OR-ed in one query, H2 scans every notification of the force
        Optional<Stored> byKey = findBy("idempotency_key", forceId, idempotencyKey);
        Optional<Stored> byReference = findBy("force_reference", forceId, forceReference);
        if (byKey.isPresent() && byReference.isPresent()) {
            return Optional.of(byKey.get().receivedAt().isAfter(byReference.get().receivedAt()) ? byReference.get() : byKey.get());
        }
        return byKey.isPresent() ? byKey : byReference;
    }

    private Optional<Stored> findBy(String uniqueColumn, String forceId, String value) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dv_notification WHERE force_id = ? AND " + uniqueColumn + " = ?")
                .params(forceId, value).query(DvStore::map).optional();
    }

    /** The notification, locked until the transaction ends: two consumers never route the same one at once. */
    public Optional<Stored> findForRouting(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dv_notification WHERE id = ? FOR UPDATE").param(id).query(DvStore::map).optional();
    }

    /** A force's notifications, newest first, at most {@code limit}. */
    public List<Stored> ofForce(String forceId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dv_notification WHERE force_id = ? ORDER BY received_at DESC LIMIT ?")
                .params(forceId, limit).query(DvStore::map).list();
    }

    public Optional<Stored> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dv_notification WHERE id = ?").param(id).query(DvStore::map).optional();
    }

    /**
     * Routed: the envelopes now hold the content, so the plaintext payload (narrative, adults) is
     * dropped from the store.
     */
    public boolean markRouted(String id, List<String> localAuthorities) {
        return jdbc.sql("UPDATE dv_notification SET status = 'routed', payload = NULL, local_authorities = ? WHERE id = ? AND status = 'received'")
                .params(String.join(",", localAuthorities), id).update() > 0;
    }

    public void addMatch(String id, MatchedChild m) {
        jdbc.sql("INSERT INTO dv_child_match (notification_id, child_index, nhs_number, match_method, confidence, plan_id,"
                        + " local_authority, school_id, under_five) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, m.index(), m.nhsNumber(), m.method().name(), m.confidence().name(), m.planId(), m.localAuthority(),
                        m.child().schoolId(), m.underFive())
                .update();
    }

    public List<String> matchSummaries(String id) {
        return jdbc.sql("SELECT child_index, match_method, confidence, plan_id IS NOT NULL AS on_plan FROM dv_child_match"
                        + " WHERE notification_id = ? ORDER BY child_index")
                .param(id)
                .query((rs, row) -> rs.getInt("child_index") + ":" + rs.getString("match_method") + ":" + rs.getString("confidence")
                        + (rs.getBoolean("on_plan") ? ":on-plan" : ""))
                .list();
    }

    public boolean recordOutcome(String id, String decision, String note, String by, Instant at) {
        return jdbc.sql("UPDATE dv_notification SET outcome_decision = ?, outcome_note = ?, outcome_by = ?, outcome_at = ?"
                        + " WHERE id = ? AND outcome_decision IS NULL")
                .params(decision, note, by, utc(at), id).update() > 0;
    }


    private static Stored map(ResultSet rs, int row) throws SQLException {
        String las = rs.getString("local_authorities");
        return new Stored(rs.getString("id"), rs.getString("force_id"), rs.getString("idempotency_key"), rs.getString("force_reference"),
                instant(rs, "received_at"), rs.getString("status"), rs.getString("payload"),
                las == null || las.isEmpty() ? List.of() : Arrays.asList(las.split(",")), rs.getString("outcome_decision"),
                rs.getString("outcome_note"), instant(rs, "outcome_at"));
    }
}
