package org.safeguarding.gateway.core.delivery;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The broker queues of secure delivery; payloads are {@link DeliveryRef}s, the envelope stays in the database. */
public final class DeliveryQueues {

    /** Also to the recipient's own system over HTTPS, retried with back-off by the broker. */
    public static final String PUSH = "delivery-push";
    /** Where the broker puts a push that failed every attempt. */
    public static final String PUSH_DEAD_LETTER = "DLQ.delivery-push";
    /** Also to the recipient's NHS MESH mailbox, retried with back-off by the broker. */
    public static final String MESH = "delivery-mesh";
    /** Where the broker puts a MESH send that failed every attempt. */
    public static final String MESH_DEAD_LETTER = "DLQ.delivery-mesh";

    /** Each channel's queue and the dead-letter queue its failures go to, for the broker's settings. */
    public static final Map<String, String> CHANNELS = Map.of(PUSH, PUSH_DEAD_LETTER, MESH, MESH_DEAD_LETTER);

    private DeliveryQueues() {}

    public record DeliveryRef(String deliveryId) {}

    /** The copy a channel's message is about. */
    public static String deliveryId(JsonMapper json, String payload) {
        return json.readValue(payload, DeliveryRef.class).deliveryId();
    }
}
