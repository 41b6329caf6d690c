package org.safeguarding.gateway.core.inbox;

import static org.safeguarding.gateway.core.persistence.Timestamps.instant;
import static org.safeguarding.gateway.core.persistence.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every agency's mailbox (MESH-like). A message id is unique.
 *
 * <p>Its statements are built by {@link Statements}, and each reads an index (V1_11) over a bounded stretch: a page reads
 * no more of an inbox of a million messages than it answers with (an offset page also the rows it skips). InboxQueryPlanIT
 * explains each one on H2 and on PostgreSQL. The total still counts the whole inbox (#14's next step).
 */
public class Inbox {

    private static final String COLUMNS =
            "id, recipient, message_type, created_at, nhs_number, reference, summary, body, acknowledged_at";

    /** A statement with its parameters, as the inbox runs it. */
    public record Statement(String sql, List<Object> params) {
        Statement(String sql, Object... params) {
            this(sql, Collections.unmodifiableList(Arrays.asList(params))); // a message may lack an NHS number: nulls allowed
        }

        private JdbcClient.StatementSpec on(JdbcClient jdbc) {
            return jdbc.sql(sql).params(params);
        }
    }

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
        Statements.deliver(m).on(jdbc).update();
    }

    /** Newest first; {@code type} null for all types. */
    public List<InboxMessage> forRecipient(String recipient, String type, int page, int size) {
        return Statements.newestFirst(recipient, type, null, size, (long) page * size).on(jdbc).query(Inbox::map).list();
    }

    /**
     * Keyset paging: the {@code size} messages after {@code cursor} (a message of this recipient) in the inbox's order,
     * newest first. Unlike an offset, it reads only the rows it returns however deep the page, and a message arriving
     * meanwhile does not shift the pages.
     */
    public List<InboxMessage> forRecipientAfter(InboxMessage cursor, String type, int size) {
        return Statements.newestFirst(cursor.recipient(), type, cursor, size, 0).on(jdbc).query(Inbox::map).list();
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
        return Statements.find(id).on(jdbc).query(Inbox::map).optional();
    }

    /** The first acknowledgement counts; later ones change nothing. */
    public void acknowledge(String id, Instant when) {
        Statements.acknowledge(id, when).on(jdbc).update();
    }


    /**
     * The inbox's SQL, one method a statement, each with the parameters it runs with. Public so that InboxQueryPlanIT explains
     * the very statements the inbox runs, on both databases, rather than copies of them that could drift.
     */
    public static final class Statements {

        private Statements() {}

        public static Statement deliver(InboxMessage m) {
            return new Statement("INSERT INTO inbox_message (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", m.id(), m.recipient(),
                    m.type(), utc(m.createdAt()), m.nhsNumber(), m.reference(), m.summary(), m.body(), utc(m.acknowledgedAt()));
        }

        /** A page newest first, after {@code after} (null: from the newest) and {@code offset} rows. */
        public static Statement newestFirst(String recipient, String type, InboxMessage after, int size, long offset) {
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM inbox_message WHERE recipient = ?");
            List<Object> params = new ArrayList<>(List.of(recipient));
            if (type != null) {
                sql.append(" AND message_type = ?");
                params.add(type);
            }
            if (after != null) {
                // "created_at <= ?" bounds the index range, so the read starts at the cursor, not at the newest message; the
                // rest only settles ties on created_at (an OR alone was a filter, read from the top of the inbox down)
                sql.append(" AND created_at <= ? AND (created_at < ? OR id < ?)");
                params.addAll(List.of(utc(after.createdAt()), utc(after.createdAt()), after.id()));
            }
            // the fixed columns lead the ORDER BY as they lead the index (V1_11): H2 then reads the index in order, not sorts
            sql.append(" ORDER BY recipient").append(type == null ? "" : ", message_type").append(", created_at DESC, id DESC LIMIT ? OFFSET ?");
            params.addAll(List.of(size, offset));
            return new Statement(sql.toString(), params.toArray());
        }

        public static Statement find(String id) {
            return new Statement("SELECT " + COLUMNS + " FROM inbox_message WHERE id = ?", id);
        }

        public static Statement acknowledge(String id, Instant when) {
            return new Statement("UPDATE inbox_message SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL", utc(when), id);
        }

    }

    private static InboxMessage map(ResultSet rs, int row) throws SQLException {
        return new InboxMessage(rs.getString("id"), rs.getString("recipient"), rs.getString("message_type"),
                instant(rs, "created_at"), rs.getString("nhs_number"),
                rs.getString("reference"), rs.getString("summary"), rs.getString("body"),
                instant(rs, "acknowledged_at"));
    }
}
