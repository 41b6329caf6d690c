package org.safeguarding.gateway.core.flow;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.safeguarding.gateway.core.outbox.OutboxRelayRoute;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.CodedException;
import org.safeguarding.gateway.security.Resource;
import org.springframework.jms.core.JmsTemplate;

/**
 * The operators' view of dead letters: every message that failed every attempt on any of the gateway's queues (the
 * broker's {@code DLQ.<queue>}), with why, when and after how many attempts, and the re-run that puts one back on its
 * queue. No child data: a dead letter is shown by its id, queue and flow, never by its content. The flows' consumers are
 * idempotent, so a re-run delivers at most once what had not been delivered.
 */
public class DeadLetters {

    public static final String PREFIX = "DLQ.";
    private static final String ID_PATTERN = "[A-Za-z0-9._:-]{1,200}";
    private static final int MAX_PER_QUEUE = 500;

    public record DeadLetter(String id, String queue, String flow, String reason, Instant failedAt, int attempts) {}

    /** Thrown when there is no dead letter of that id (the answer is 404: operators may see every dead letter). */
    public static class NoSuchDeadLetter extends CodedException {
        public NoSuchDeadLetter(String id) {
            super(Kind.NOT_FOUND, "no dead letter " + id);
        }
    }

    private final AccessControl access;
    private final JmsTemplate broker;
    private final Failures failures;
    private final Supplier<Map<String, String>> flowsByQueue;
    private final Predicate<String> queueExists;

    /**
     * @param broker       a template with transacted sessions: a re-run takes the dead letter and sends it back in one
     *                     broker transaction
     * @param flowsByQueue every queue a route consumes, and that route's id (read from the running routes)
     * @param queueExists  whether the broker has that queue ({@code address::queue}): a dead-letter queue is created by the broker with
     *                     its first dead letter, and must not be created by a browse before then (it would be bound to the
     *                     wrong address, and dead letters would miss it)
     */
    public DeadLetters(AccessControl access, JmsTemplate broker, Failures failures, Supplier<Map<String, String>> flowsByQueue,
            Predicate<String> queueExists) {
        this.access = access;
        this.broker = broker;
        this.failures = failures;
        this.flowsByQueue = flowsByQueue;
        this.queueExists = queueExists;
    }

    public List<DeadLetter> list(Caller caller, String traceId) {
        access.require(caller, Action.DELIVERY_ADMIN, new Resource("dead-letters", null, null, null), traceId);
        List<DeadLetter> all = new ArrayList<>();
        flowsByQueue.get().forEach((queue, flow) -> {
            if (queueExists.test(deadLetterQueue(queue))) {
                all.addAll(browse(queue, flow));
            }
        });
        return all;
    }

    /** Back on its own queue, in one broker transaction; audited as the operator's decision. */
    public void retry(Caller caller, String id, String traceId) {
        access.require(caller, Action.DELIVERY_ADMIN, new Resource("dead-letter", id, null, null), traceId);
        if (id == null || !id.matches(ID_PATTERN)) {
            throw InvalidInput.of("id", "is not a dead letter id");
        }
        for (String queue : flowsByQueue.get().keySet()) {
            if (queueExists.test(deadLetterQueue(queue)) && moveBack(queue, id)) {
                failures.forget(id);
                return;
            }
        }
        throw new NoSuchDeadLetter(id);
    }

    private List<DeadLetter> browse(String queue, String flow) {
        return broker.browse(deadLetterQueue(queue), (Session session, QueueBrowser browser) -> {
            List<DeadLetter> found = new ArrayList<>();
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements() && found.size() < MAX_PER_QUEUE) {
                Message m = (Message) messages.nextElement();
                String id = idOf(m);
                Failures.Failure why = failures.find(id).orElse(null);
                found.add(new DeadLetter(id, queue, flow, why == null ? "failed every attempt (reason not recorded)" : why.reason(),
                        why == null ? Instant.ofEpochMilli(m.getJMSTimestamp()) : why.failedAt(), why == null ? 0 : why.attempts()));
            }
            return found;
        });
    }

    private boolean moveBack(String queue, String id) {
        Boolean moved = broker.execute((Session session) -> {
            Queue deadLetters = session.createQueue(deadLetterQueue(queue));
            String selector = OutboxRelayRoute.MESSAGE_ID + " = '" + id + "' OR JMSMessageID = '" + id + "'";
            try (MessageConsumer consumer = session.createConsumer(deadLetters, selector);
                 MessageProducer producer = session.createProducer(session.createQueue(queue))) {
                Message m = consumer.receive(500);
                if (m == null) {
                    session.rollback();
                    return false;
                }
                TextMessage copy = session.createTextMessage(((TextMessage) m).getText());
                for (String name : propertyNames(m)) {
                    if (!name.startsWith("_AMQ") && !name.startsWith("JMSX")) {
                        copy.setObjectProperty(name, m.getObjectProperty(name));
                    }
                }
                if (m.getStringProperty(OutboxRelayRoute.MESSAGE_ID) == null) {
                    copy.setStringProperty(OutboxRelayRoute.MESSAGE_ID, id);
                }
                producer.send(copy);
                session.commit();
                return true;
            }
        }, true);
        return Boolean.TRUE.equals(moved);
    }

    /**
     * The broker's dead-letter queue for a queue, fully qualified ({@code address::queue}): the broker keeps every dead-letter
     * queue on one address, {@code DLQ}, and a plain name would be taken for an address of its own.
     */
    public static String deadLetterQueue(String queue) {
        return "DLQ::" + PREFIX + queue;
    }

    private static String idOf(Message m) throws JMSException {
        String id = m.getStringProperty(OutboxRelayRoute.MESSAGE_ID);
        return id != null ? id : m.getJMSMessageID();
    }

    private static List<String> propertyNames(Message m) throws JMSException {
        List<String> names = new ArrayList<>();
        for (Object name : Collections.list(m.getPropertyNames())) {
            names.add((String) name);
        }
        return names;
    }

    /** The queue each route consumes ({@code jms:queue:<name>}) and the route's id, from the running routes. */
    public static Map<String, String> flowsByQueue(List<org.apache.camel.Route> routes) {
        Map<String, String> byQueue = new LinkedHashMap<>();
        for (org.apache.camel.Route r : routes) {
            String queue = Failures.queueOf(r.getEndpoint().getEndpointUri());
            if (!queue.isEmpty() && !queue.startsWith(PREFIX)) {
                byQueue.put(queue, r.getRouteId());
            }
        }
        return byQueue;
    }
}
