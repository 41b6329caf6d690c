package org.safeguarding.gateway.core.inbox;

import static org.safeguarding.gateway.core.persistence.Timestamps.instant;
import static org.safeguarding.gateway.core.persistence.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every agency's mailbox (MESH-like). A message id is unique. */
public class Inbox {

    private static final String COLUMNS =
            "id, recipient, message_type, created_at, nhs_number, reference, summary, body, acknowledged_at";

    private final JdbcClient jdbc;

    public Inbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * In the transaction of the effect that sends it, which decides (by its own mark) that it is sent once: a second message
     * with the same id is an error that rolls that effect back, not something to ignore (it would also spoil a PostgreSQL
     * transaction).
     */
    public void deliver(InboxMessage m) {
        jdbc.sql("INSERT INTO inbox_message (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(m.id(), m.recipient(), m.type(), utc(m.createdAt()), m.nhsNumber(), m.reference(),
                        m.summary(), m.body(), utc(m.acknowledgedAt()))
                .update();
    }

    /** Newest first; {@code type} null for all types. */
    public List<InboxMessage> forRecipient(String recipient, String type, int page, int size) {
        return newestFirst(recipient, type, null, size, (long) page * size);
    }

    /**
     * Keyset paging: the {@code size} messages after {@code cursor} (a message of this recipient) in the inbox's order,
     * newest first. Unlike an offset, it reads only the rows it returns however deep the page, and a message arriving
     * meanwhile does not shift the pages.
     */
    public List<InboxMessage> forRecipientAfter(InboxMessage cursor, String type, int size) {
        return newestFirst(cursor.recipient(), type, cursor, size, 0);
    }

    private List<InboxMessage> newestFirst(String recipient, String type, InboxMessage after, int size, long offset) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM inbox_message WHERE recipient = ?");
        List<Object> params = new ArrayList<>(List.of(recipient));
        if (type != null) {
            sql.append(" AND message_type = ?");
            params.add(type);
        }
        if (after != null) {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            params.addAll(List.of(utc(after.createdAt()), utc(after.createdAt()), after.id()));
        }
        // the fixed columns lead the ORDER BY as they lead the index (V1_11): H2 then reads the index in order, not sorts
        sql.append(" ORDER BY recipient").append(type == null ? "" : ", message_type").append(", created_at DESC, id DESC LIMIT ? OFFSET ?");
        params.addAll(List.of(size, offset));
        return jdbc.sql(sql.toString()).params(params).query(Inbox::map).list();
    }

    public long countFor(String recipient, String type) {
        String filter = type == null ? "" : " AND message_type = ?";
        var statement = jdbc.sql("SELECT COUNT(*) FROM inbox_message WHERE recipient = ?" + filter).param(recipient);
        if (type != null) {
            statement = statement.param(type);
        }
        return statement.query(Long.class).single();
    }

    public Optional<InboxMessage> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM inbox_message WHERE id = ?").param(id).query(Inbox::map).optional();
    }

    /** The first acknowledgement counts; later ones change nothing. */
    public void acknowledge(String id, Instant when) {
        jdbc.sql("UPDATE inbox_message SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL")
                .params(utc(when), id).update();
    }


    private static InboxMessage map(ResultSet rs, int row) throws SQLException {
        return new InboxMessage(rs.getString("id"), rs.getString("recipient"), rs.getString("message_type"),
                instant(rs, "created_at"), rs.getString("nhs_number"),
                rs.getString("reference"), rs.getString("summary"), rs.getString("body"),
                instant(rs, "acknowledged_at"));
    }
}
