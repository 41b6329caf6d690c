package org.safeguarding.gateway.core.delivery;

/** The broker queues of secure delivery; payloads are {@link DeliveryRef}s, the envelope stays in the database. */
public final class DeliveryQueues {

    /** Also to the recipient's own system over HTTPS, retried with back-off by the broker. */
    public static final String PUSH = "delivery-push";
    /** Where the broker puts a push that failed every attempt. */
    public static final String PUSH_DEAD_LETTER = "DLQ.delivery-push";

    private DeliveryQueues() {}

    public record DeliveryRef(String deliveryId) {}
}
