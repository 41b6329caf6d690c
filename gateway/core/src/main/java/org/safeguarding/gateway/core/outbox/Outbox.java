package org.safeguarding.gateway.core.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.gateway.security.LogContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jms.core.JmsOperations;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox, the gateway's one answer to the dual write between database and
 * broker: a flow writes its outgoing message here inside the same database transaction as the
 * change that causes it; {@link OutboxRelayRoute} moves it to the broker and only then marks it
 * sent. A crash between the two sends it again, which is harmless because every consumer stores
 * by the message's stable id. Every node relays: each claims its batch with {@code FOR UPDATE SKIP LOCKED}, so two nodes
 * never take the same rows and neither waits for the other.
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate transaction;

    public Outbox(JdbcClient jdbc, JsonMapper json, Clock clock, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.transaction = transaction;
    }

    /** Queues a message, with the trace and caller organisation of the work queuing it (the log context) for its consumer. */
    public void enqueue(String destination, String messageId, Object payload) {
        jdbc.sql("INSERT INTO outbox_message (id, destination, payload, created_at, trace_id, caller_org) VALUES (?, ?, ?, ?, ?, ?)")
                .params(messageId, destination, json.writeValueAsString(payload), now(), LogContext.traceId(), LogContext.org()).update();
    }

    /** Up to {@code max} unsent messages, oldest first, locked until the transaction ends; rows another node holds are skipped. */
    private List<OutboxMessage> claim(int max) {
        return jdbc.sql("SELECT id, destination, payload, trace_id, caller_org FROM outbox_message WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ?"
                        + " FOR UPDATE SKIP LOCKED")
                .param(max).query(Outbox::map).list();
    }

    private void markSent(List<String> ids) {
        jdbc.sql("UPDATE outbox_message SET sent_at = :now WHERE id IN (:ids)").param("now", now()).param("ids", ids).update();
    }

    /**
     * Moves up to {@code max} committed messages to the broker in one JMS transaction (one journal
     * sync for the lot), then marks them sent, in one database transaction holding the rows from claim to mark. A crash
     * (or a broker failing over) between the broker's commit and the database's sends them again; consumers store by
     * message id, so nobody sees a copy twice.
     *
     * @return how many were relayed
     */
    public int relayPending(JmsOperations broker, int max) {
        Integer relayed = transaction.execute(status -> relay(broker, claim(max)));
        return relayed == null ? 0 : relayed;
    }

    private int relay(JmsOperations broker, List<OutboxMessage> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        broker.execute((Session session) -> {
            Map<String, MessageProducer> producers = new HashMap<>();
            for (OutboxMessage m : batch) {
                MessageProducer producer = producers.computeIfAbsent(m.destination(), d -> producer(session, d));
                TextMessage message = session.createTextMessage(m.payload());
                message.setStringProperty(OutboxRelayRoute.MESSAGE_ID, m.id());
                if (m.traceId() != null) {
                    message.setStringProperty(LogContext.TRACE_ID, m.traceId());
                }
                if (m.callerOrg() != null) {
                    message.setStringProperty(LogContext.ORG, m.callerOrg());
                }
                producer.send(message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
            }
            for (MessageProducer producer : producers.values()) {
                producer.close();
            }
            session.commit();
            return null;
        });
        markSent(batch.stream().map(OutboxMessage::id).toList());
        return batch.size();
    }

    private static MessageProducer producer(Session session, String queue) {
        try {
            return session.createProducer(session.createQueue(queue));
        } catch (JMSException e) {
            throw new IllegalStateException("cannot send to queue " + queue, e);
        }
    }

    public long pendingCount() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_message WHERE sent_at IS NULL").query(Long.class).single();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static OutboxMessage map(ResultSet rs, int row) throws SQLException {
        return new OutboxMessage(rs.getString("id"), rs.getString("destination"), rs.getString("payload"), rs.getString("trace_id"),
                rs.getString("caller_org"));
    }
}
