package org.safeguarding.gateway.core.flow;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.safeguarding.gateway.core.outbox.OutboxRelayRoute;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The last failure of each broker message, kept (outside the message's own transaction, which rolls back) so that the
 * dead-letter view can say why a message gave up, after how many attempts and when. Nothing about a child is kept: a
 * reason is cut short and any ten-digit run (an NHS number) is blanked.
 */
public class Failures {

    private static final int MAX_REASON = 500;

    public record Failure(String messageId, String queue, String flow, String reason, int attempts, Instant failedAt) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    public Failures(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Called by the error policy with the failed exchange; each statement commits on its own. */
    public void note(Exchange exchange) {
        String id = messageId(exchange);
        if (id == null) {
            return;
        }
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        String reason = failure == null ? "unknown" : reason(failure);
        Integer delivery = exchange.getIn().getHeader("JMSXDeliveryCount", Integer.class);
        int attempts = delivery == null ? 1 : delivery;
        String queue = queueOf(exchange.getFromEndpoint() == null ? "" : exchange.getFromEndpoint().getEndpointUri());
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        int updated = jdbc.sql("UPDATE message_failure SET reason = ?, attempts = ?, failed_at = ?, queue = ?, flow = ? WHERE message_id = ?")
                .params(reason, attempts, now, queue, exchange.getFromRouteId(), id).update();
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO message_failure (message_id, queue, flow, reason, attempts, failed_at) VALUES (?, ?, ?, ?, ?, ?)")
                        .params(id, queue, exchange.getFromRouteId(), reason, attempts, now).update();
            } catch (DuplicateKeyException noteByAnotherNode) {
                // the same message failing on two nodes at once: either note will do
            }
        }
    }

    public Optional<Failure> find(String messageId) {
        return jdbc.sql("SELECT message_id, queue, flow, reason, attempts, failed_at FROM message_failure WHERE message_id = ?")
                .param(messageId)
                .query((rs, n) -> new Failure(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getObject(6, OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** A re-run starts the count again. */
    public void forget(String messageId) {
        jdbc.sql("DELETE FROM message_failure WHERE message_id = ?").param(messageId).update();
    }

    static String messageId(Exchange exchange) {
        String id = exchange.getIn().getHeader(OutboxRelayRoute.MESSAGE_ID, String.class);
        return id != null ? id : exchange.getIn().getHeader("JMSMessageID", String.class);
    }

    /** {@code jms://queue:dv-routing?transacted=true} (or {@code jms:queue:...}) -> {@code dv-routing}; "" when not a queue. */
    public static String queueOf(String endpointUri) {
        int at = endpointUri.indexOf("queue:");
        if (!endpointUri.startsWith("jms:") || at < 0) {
            return "";
        }
        String rest = endpointUri.substring(at + "queue:".length());
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** Why something failed, fit for operators' eyes and the logs: the root cause, with no NHS number and cut short. */
    static String reason(Throwable failure) {
        return scrub(rootCause(failure));
    }

    static String scrub(String reason) {
        String blanked = reason.replaceAll("\\d{10}", "[number]").replaceAll("\\p{Cntrl}", " ");
        return blanked.length() <= MAX_REASON ? blanked : blanked.substring(0, MAX_REASON - 1) + "…";
    }
}
