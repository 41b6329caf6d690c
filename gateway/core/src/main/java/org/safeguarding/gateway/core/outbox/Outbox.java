package org.safeguarding.gateway.core.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox, the gateway's one answer to the dual write between database and
 * broker: a flow writes its outgoing message here inside the same database transaction as the
 * change that causes it; {@link OutboxRelayRoute} moves it to the broker and only then marks it
 * sent. A crash between the two sends it again, which is harmless because every consumer stores
 * by the message's stable id.
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    public Outbox(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    public void enqueue(String destination, String messageId, Object payload) {
        jdbc.sql("INSERT INTO outbox_message (id, destination, payload, created_at) VALUES (?, ?, ?, ?)")
                .params(messageId, destination, json.writeValueAsString(payload), now()).update();
    }

    public List<OutboxMessage> pending(int max) {
        return jdbc.sql("SELECT id, destination, payload FROM outbox_message WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ?")
                .param(max).query(Outbox::map).list();
    }

    public void markSent(String id) {
        jdbc.sql("UPDATE outbox_message SET sent_at = ? WHERE id = ?").params(now(), id).update();
    }

    public long pendingCount() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE sent_at IS NULL").query(Long.class).single();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static OutboxMessage map(ResultSet rs, int row) throws SQLException {
        return new OutboxMessage(rs.getString("id"), rs.getString("destination"), rs.getString("payload"));
    }
}
