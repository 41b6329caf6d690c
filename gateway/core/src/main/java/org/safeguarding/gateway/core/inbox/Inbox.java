package org.safeguarding.gateway.core.inbox;

import static org.safeguarding.gateway.core.persistence.Timestamps.instant;
import static org.safeguarding.gateway.core.persistence.Timestamps.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every agency's mailbox (MESH-like). A message id is unique.
 *
 * <p>Every statement it runs is built by {@link Statements}, and each reads an index (V1_11, V1_12) over a bounded stretch:
 * a page, a total or a retention batch reads no more of an inbox of a million messages than it answers with (an offset page
 * also the rows it skips). InboxQueryPlanIT explains each one on H2 and on PostgreSQL.
 */
public class Inbox {

    /** A total is exact up to this many messages; beyond it the inbox says only that it holds more. */
    public static final int EXACT_TOTAL_UP_TO = 10_000;

    private static final String COLUMNS =
            "id, recipient, message_type, created_at, nhs_number, reference, summary, body, acknowledged_at";
    private static final String DATES = "id, recipient, message_type, nhs_number, created_at, acknowledged_at";
    /**
     * The order of the acknowledgement index (V1_12), NULLS LAST included: the unacknowledged messages, the most in a neglected
     * inbox, sort after every acknowledged one, so "acknowledged before" stops at its cutoff and never walks them. Said here
     * rather than left to each database's default (H2's is set in the URL): an ORDER BY whose nulls went elsewhere than the
     * index's would be sorted, not read in the index's order.
     */
    private static final String BY_ACKNOWLEDGEMENT = " ORDER BY acknowledged_at NULLS LAST, created_at";

    /** How many messages there are: {@code count} itself when {@code exact}, otherwise more than {@code count}. */
    public record Total(long count, boolean exact) {}

    /** A message as the retention sees it: whose, about whom, and its dates; not its content. */
    public record Dated(String id, String recipient, String type, String nhsNumber, Instant createdAt, Instant acknowledgedAt) {}

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

    /** Of one type, or all ({@code type} null); exact up to {@link #EXACT_TOTAL_UP_TO}. */
    public Total totalFor(String recipient, String type) {
        long counted = Statements.total(recipient, type).on(jdbc).query(Long.class).single();
        return counted > EXACT_TOTAL_UP_TO ? new Total(EXACT_TOTAL_UP_TO, false) : new Total(counted, true);
    }

    public Optional<InboxMessage> find(String id) {
        return Statements.find(id).on(jdbc).query(Inbox::map).optional();
    }

    /** The first acknowledgement counts; later ones change nothing. */
    public void acknowledge(String id, Instant when) {
        Statements.acknowledge(id, when).on(jdbc).update();
    }

    /** Acknowledged before {@code cutoff}, the earliest acknowledged first. */
    public List<Dated> acknowledgedBefore(Instant cutoff, int limit) {
        return Statements.acknowledgedBefore(cutoff, limit).on(jdbc).query(Inbox::dated).list();
    }

    /** Of {@code type}, delivered before {@code cutoff}, acknowledged or not, the oldest first. */
    public List<Dated> deliveredBefore(String type, Instant cutoff, int limit) {
        return Statements.deliveredBefore(type, cutoff, limit).on(jdbc).query(Inbox::dated).list();
    }

    /**
     * The recipients of the messages delivered before {@code cutoff} and not acknowledged, other than of {@code exceptTypes}:
     * one entry a message, the oldest first, {@link #EXACT_TOTAL_UP_TO} + 1 at the most.
     */
    public List<String> unacknowledgedBefore(Instant cutoff, Collection<String> exceptTypes) {
        return Statements.unacknowledgedBefore(cutoff, exceptTypes).on(jdbc).query(String.class).list();
    }

    /** @return false when it was not there (another node removed it first) */
    public boolean remove(String id) {
        return Statements.remove(id).on(jdbc).update() == 1;
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

        /** Counts at most one message past {@link #EXACT_TOTAL_UP_TO}: enough to tell "exactly n" from "more". */
        /**
         * The bounded count, in the pages' own order: that makes the index led by recipient the cheap plan, where an unordered
         * count could go through the retention's type index and read every inbox's messages of the type.
         */
        public static Statement total(String recipient, String type) {
            String sql = "SELECT COUNT(*) FROM (SELECT 1 FROM inbox_message WHERE recipient = ?" + (type == null ? "" : " AND message_type = ?")
                    + " ORDER BY created_at DESC, id DESC LIMIT ?) counted";
            return type == null ? new Statement(sql, recipient, EXACT_TOTAL_UP_TO + 1)
                    : new Statement(sql, recipient, type, EXACT_TOTAL_UP_TO + 1);
        }

        public static Statement find(String id) {
            return new Statement("SELECT " + COLUMNS + " FROM inbox_message WHERE id = ?", id);
        }

        public static Statement acknowledge(String id, Instant when) {
            return new Statement("UPDATE inbox_message SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL", utc(when), id);
        }

        public static Statement acknowledgedBefore(Instant cutoff, int limit) {
            return new Statement("SELECT " + DATES + " FROM inbox_message WHERE acknowledged_at < ?" + BY_ACKNOWLEDGEMENT + " LIMIT ?",
                    utc(cutoff), limit);
        }

        public static Statement deliveredBefore(String type, Instant cutoff, int limit) {
            // message_type leads the ORDER BY as it leads the index, or H2 sorts the type's messages (as for a page, V1_11)
            return new Statement("SELECT " + DATES + " FROM inbox_message WHERE message_type = ? AND created_at < ?"
                    + " ORDER BY message_type, created_at LIMIT ?", type, utc(cutoff), limit);
        }

        public static Statement unacknowledgedBefore(Instant cutoff, Collection<String> exceptTypes) {
            List<Object> params = new ArrayList<>(List.of(utc(cutoff)));
            params.addAll(exceptTypes);
            params.add(EXACT_TOTAL_UP_TO + 1);
            String except = exceptTypes.isEmpty() ? ""
                    : " AND message_type NOT IN (" + String.join(", ", Collections.nCopies(exceptTypes.size(), "?")) + ")";
            return new Statement("SELECT recipient FROM inbox_message WHERE acknowledged_at IS NULL AND created_at < ?" + except
                    + BY_ACKNOWLEDGEMENT + " LIMIT ?", params.toArray());
        }

        public static Statement remove(String id) {
            return new Statement("DELETE FROM inbox_message WHERE id = ?", id);
        }
    }

    private static InboxMessage map(ResultSet rs, int row) throws SQLException {
        return new InboxMessage(rs.getString("id"), rs.getString("recipient"), rs.getString("message_type"),
                instant(rs, "created_at"), rs.getString("nhs_number"),
                rs.getString("reference"), rs.getString("summary"), rs.getString("body"),
                instant(rs, "acknowledged_at"));
    }

    private static Dated dated(ResultSet rs, int row) throws SQLException {
        return new Dated(rs.getString("id"), rs.getString("recipient"), rs.getString("message_type"), rs.getString("nhs_number"),
                instant(rs, "created_at"), instant(rs, "acknowledged_at"));
    }
}
