package org.safeguarding.gateway.core.delivery;

import static org.safeguarding.gateway.core.persistence.Timestamps.instant;
import static org.safeguarding.gateway.core.persistence.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.safeguarding.gateway.core.delivery.mesh.MeshChannel;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Per-recipient copies and their tracking: queued -> delivered -> acknowledged, or failed on the push or the MESH channel. */
public class Deliveries {

    private static final String COLUMNS = "id, message_type, reference, sender, recipient, nhs_number, summary, status,"
            + " queued_at, delivered_at, acknowledged_at, due_at, escalated_at, push_attempts, pushed_at, last_error, mesh_format, mesh_message_id";

    private final JdbcClient jdbc;

    public Deliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void add(Delivery d, byte[] envelope) {
        add(d, envelope, null);
    }

    /** @param meshPayload for a copy that goes to MESH in an adapter's format: its content sealed to the gateway itself */
    public void add(Delivery d, byte[] envelope, byte[] meshPayload) {
        jdbc.sql("INSERT INTO delivery (" + COLUMNS + ", envelope, mesh_payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(d.id(), d.messageType(), d.reference(), d.sender(), d.recipient(), d.nhsNumber(), d.summary(),
                        d.status().name(), utc(d.queuedAt()), utc(d.deliveredAt()), utc(d.acknowledgedAt()), utc(d.dueAt()),
                        utc(d.escalatedAt()), d.pushAttempts(), utc(d.pushedAt()), d.lastError(), d.meshFormat(), d.meshMessageId(),
                        envelope, meshPayload)
                .update();
    }

    public Optional<byte[]> meshPayload(String id) {
        return jdbc.sql("SELECT mesh_payload FROM delivery WHERE id = ? AND mesh_payload IS NOT NULL").param(id).query(byte[].class).optional();
    }

    /** The copy MESH knows by this message id (a non-delivery report names it). */
    public Optional<Delivery> findByMeshMessage(String meshMessageId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery WHERE mesh_message_id = ?").param(meshMessageId).query(Deliveries::map).optional();
    }

    /** @return false when it had been sent already: the recipient's mailbox must never get a copy twice from a redelivery */
    public boolean markMeshSent(String id, String meshMessageId, Instant when) {
        return jdbc.sql("UPDATE delivery SET mesh_message_id = ?, mesh_sent_at = ?, last_error = NULL WHERE id = ? AND mesh_message_id IS NULL")
                .params(meshMessageId, utc(when), id).update() > 0;
    }

    /**
     * Failed on the MESH channel (MESH refused it for good, a non-delivery report, or the recipient's system answered no). The
     * message id is let go, so that an operator's re-run sends it afresh and a late report about the old message finds nothing.
     *
     * @return false when it is failed already or acknowledged: nothing to record
     */
    public boolean markMeshFailed(String id, String reason) {
        return jdbc.sql("UPDATE delivery SET status = 'FAILED', last_error = ?, mesh_message_id = NULL, mesh_sent_at = NULL"
                        + " WHERE id = ? AND status NOT IN ('ACKNOWLEDGED', 'FAILED')")
                .params(reason.substring(0, Math.min(reason.length(), 1000)), id).update() > 0;
    }

    public Optional<Delivery> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery WHERE id = ?").param(id).query(Deliveries::map).optional();
    }

    public Optional<byte[]> envelope(String id) {
        return jdbc.sql("SELECT envelope FROM delivery WHERE id = ?").param(id).query(byte[].class).optional();
    }

    public List<Delivery> forReference(String reference) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery WHERE reference = ? ORDER BY recipient")
                .param(reference).query(Deliveries::map).list();
    }

    /** The copies of several references at once, by reference: one query for a page of them, not one each. */
    public Map<String, List<Delivery>> forReferences(Collection<String> references) {
        if (references.isEmpty()) {
            return Map.of();
        }
        String marks = String.join(", ", Collections.nCopies(references.size(), "?"));
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery WHERE reference IN (" + marks + ") ORDER BY recipient")
                .params(List.copyOf(references)).query(Deliveries::map).list().stream()
                .collect(Collectors.groupingBy(Delivery::reference));
    }

    public List<Delivery> withStatus(Delivery.Status status, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery WHERE status = ? ORDER BY queued_at DESC LIMIT ?")
                .params(status.name(), limit).query(Deliveries::map).list();
    }

    public List<Delivery> all(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery ORDER BY queued_at DESC LIMIT ?").param(limit)
                .query(Deliveries::map).list();
    }

    /** Unacknowledged copies past their due time that nobody has been told about yet. */
    public List<Delivery> overdueNotEscalated(Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM delivery WHERE status <> 'ACKNOWLEDGED' AND due_at < ?"
                        + " AND escalated_at IS NULL ORDER BY due_at LIMIT ?")
                .params(utc(now), limit).query(Deliveries::map).list();
    }

    public boolean markDelivered(String id, Instant when) {
        return jdbc.sql("UPDATE delivery SET status = 'DELIVERED', delivered_at = ? WHERE id = ? AND status = 'QUEUED'")
                .params(utc(when), id).update() > 0;
    }

    public boolean markAcknowledged(String id, Instant when) {
        return jdbc.sql("UPDATE delivery SET status = 'ACKNOWLEDGED', acknowledged_at = ? WHERE id = ? AND status <> 'ACKNOWLEDGED'")
                .params(utc(when), id).update() > 0;
    }

    /** @return false when another node (or an earlier attempt) escalated it first */
    public boolean markEscalated(String id, Instant when) {
        return jdbc.sql("UPDATE delivery SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL")
                .params(utc(when), id).update() > 0;
    }

    public void recordPushAttempt(String id, String error) {
        jdbc.sql("UPDATE delivery SET push_attempts = push_attempts + 1, last_error = ? WHERE id = ?")
                .params(error == null ? null : error.substring(0, Math.min(error.length(), 1000)), id).update();
    }

    /** @return false when it had been pushed already: the receiver must never see a copy twice */
    public boolean markPushed(String id, Instant when) {
        return jdbc.sql("UPDATE delivery SET pushed_at = ?, last_error = NULL,"
                        + " status = CASE WHEN status = 'FAILED' THEN 'DELIVERED' ELSE status END WHERE id = ? AND pushed_at IS NULL")
                .params(utc(when), id).update() > 0;
    }

    /** @return false when it is failed already, acknowledged or pushed: nothing to record */
    public boolean markFailed(String id, String reason) {
        return jdbc.sql("UPDATE delivery SET status = 'FAILED', last_error = ? WHERE id = ? AND status NOT IN ('ACKNOWLEDGED', 'FAILED')"
                        + " AND pushed_at IS NULL")
                .params(reason, id).update() > 0;
    }

    /**
     * An operator's retry: the copy counts as delivered to the inbox again while its channels are re-run, except one whose
     * MESH format waits for the recipient's system to say it has it (queued until then).
     */
    public boolean resetForRetry(String id) {
        return jdbc.sql("UPDATE delivery SET status = CASE WHEN mesh_format IS NOT NULL AND mesh_format <> ? THEN 'QUEUED' ELSE 'DELIVERED' END,"
                        + " push_attempts = 0 WHERE id = ? AND status = 'FAILED'")
                .params(MeshChannel.CMS, id).update() > 0;
    }



    private static Delivery map(ResultSet rs, int row) throws SQLException {
        return new Delivery(rs.getString("id"), rs.getString("message_type"), rs.getString("reference"), rs.getString("sender"),
                rs.getString("recipient"), rs.getString("nhs_number"), rs.getString("summary"),
                Delivery.Status.valueOf(rs.getString("status")), instant(rs, "queued_at"), instant(rs, "delivered_at"),
                instant(rs, "acknowledged_at"), instant(rs, "due_at"), instant(rs, "escalated_at"), rs.getInt("push_attempts"),
                instant(rs, "pushed_at"), rs.getString("last_error"), rs.getString("mesh_format"), rs.getString("mesh_message_id"));
    }
}
