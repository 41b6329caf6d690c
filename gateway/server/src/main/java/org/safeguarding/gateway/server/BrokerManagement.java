package org.safeguarding.gateway.server;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.safeguarding.gateway.core.delivery.DeliveryQueues;
import org.safeguarding.gateway.core.flow.DeadLetters;

/**
 * The gateway's half of the error policy, set on whichever broker it uses (the embedded one, or a standalone live/backup
 * pair shared by every node) through Artemis's management queue at start, before any route consumes: every queue
 * redelivers with back-off and then dead-letters to {@code DLQ.<queue>}, which the broker creates on first use; a copy
 * that failed every attempt on a channel (push, MESH) goes to the channel's own dead-letter queue, whose route marks the
 * copy failed for operators. So the policy lives in the gateway's configuration alone, not also in each broker's
 * broker.xml; settings made this way are kept in the broker's journal, which a backup takes over with the rest.
 */
final class BrokerManagement {

    private static final String MANAGEMENT_QUEUE = "activemq.management";

    private final QueueConnectionFactory broker;

    BrokerManagement(ConnectionFactory broker) {
        this.broker = (QueueConnectionFactory) broker;
    }

    void applyErrorPolicy(ErrorPolicyProperties policy) {
        invoke(ResourceNames.BROKER, "addAddressSettings", "#", deadLetteredTo("#", policy.redelivery()).toJSON());
        policy.queues().forEach((queue, redelivery) ->
                invoke(ResourceNames.BROKER, "addAddressSettings", queue, deadLetteredTo(queue, redelivery).toJSON()));
        DeliveryQueues.CHANNELS.forEach((queue, deadLetters) -> {
            invoke(ResourceNames.BROKER, "addAddressSettings", queue, deadLetteredTo(queue, policy.forQueue(queue)).toJSON());
            invoke(ResourceNames.BROKER, "createQueue", QueueConfiguration.of(deadLetters).setAddress(deadLetters)
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true).toJSON(), true);
        });
    }

    /**
     * Whether the broker has the queue ({@code address::queue}) on that address. Asked of the broker rather than by opening
     * the queue: a browse would create it.
     */
    boolean queueExists(String qualified) {
        String[] addressAndQueue = qualified.split("::", 2);
        try {
            return addressAndQueue[0].equals(String.valueOf(
                    request(ResourceNames.QUEUE + addressAndQueue[1], m -> JMSManagementHelper.putAttribute(m, ResourceNames.QUEUE
                            + addressAndQueue[1], "address"), true)));
        } catch (NoSuchResource e) {
            return false;
        }
    }

    private static AddressSettings deadLetteredTo(String queue, ErrorPolicyProperties.Redelivery r) {
        AddressSettings settings = new AddressSettings().setRedeliveryDelay(r.firstDelay().toMillis()).setRedeliveryMultiplier(r.multiplier())
                .setMaxRedeliveryDelay(r.maxDelay().toMillis()).setMaxDeliveryAttempts(r.maxAttempts());
        if (DeliveryQueues.CHANNELS.containsKey(queue)) {
            return settings.setDeadLetterAddress(SimpleString.of(DeliveryQueues.CHANNELS.get(queue)));
        }
        return settings.setDeadLetterAddress(SimpleString.of("DLQ")).setAutoCreateDeadLetterResources(true)
                .setDeadLetterQueuePrefix(SimpleString.of(DeadLetters.PREFIX));
    }

    private void invoke(String resource, String operation, Object... parameters) {
        request(resource, m -> JMSManagementHelper.putOperationInvocation(m, resource, operation, parameters), false);
    }

    private interface Request {
        void write(Message m) throws JMSException;
    }

    private static final class NoSuchResource extends RuntimeException {
        NoSuchResource(String message) {
            super(message);
        }
    }

    private Object request(String resource, Request request, boolean mayBeMissing) {
        try (QueueConnection connection = broker.createQueueConnection()) {
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor requestor = new QueueRequestor(session, session.createQueue(MANAGEMENT_QUEUE));
            connection.start();
            Message m = session.createMessage();
            request.write(m);
            Message reply = requestor.request(m);
            Object result = JMSManagementHelper.getResult(reply);
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                if (mayBeMissing) {
                    throw new NoSuchResource(String.valueOf(result));
                }
                throw new IllegalStateException("the broker refused " + resource + ": " + result);
            }
            return result;
        } catch (NoSuchResource | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach the broker's management (" + resource + ")", e);
        }
    }
}
