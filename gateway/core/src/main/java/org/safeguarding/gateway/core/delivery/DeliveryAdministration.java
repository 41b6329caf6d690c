package org.safeguarding.gateway.core.delivery;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.safeguarding.gateway.core.outbox.Outbox;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessControl;
import org.safeguarding.gateway.security.Action;
import org.safeguarding.gateway.security.Caller;
import org.safeguarding.gateway.security.CodedException;
import org.safeguarding.gateway.security.Resource;
import org.springframework.transaction.support.TransactionTemplate;

/** Operators' view of deliveries and the re-run of failed ones (push or MESH). Operators never see child data. */
public class DeliveryAdministration {

    /** Thrown when a retry is asked for a delivery that is not there: as a dead letter that is not there is answered. */
    public static class NoSuchDelivery extends CodedException {
        public NoSuchDelivery(String id) {
            super(Kind.NOT_FOUND, "no delivery " + id);
        }
    }

    /** Thrown when a retry is asked for a delivery that has not failed. */
    public static class NotRetryable extends CodedException {
        public NotRetryable(String message) {
            super(Kind.CONFLICT, message);
        }
    }

    private final AccessControl access;
    private final Deliveries deliveries;
    private final Outbox outbox;
    private final TransactionTemplate transaction;

    public DeliveryAdministration(AccessControl access, Deliveries deliveries, Outbox outbox, TransactionTemplate transaction) {
        this.access = access;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.transaction = transaction;
    }

    /**
     * The deliveries in the state named as the API and the console take it ({@code queued}, {@code failed}, ...), or all
     * of them when none is named. The name is checked before the access decision, as the API has always answered it.
     */
    public List<Delivery> list(Caller caller, String status, String traceId) {
        Delivery.Status wanted = null;
        if (status != null) {
            try {
                wanted = Delivery.Status.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw InvalidInput.of("status", "must be one of queued, delivered, acknowledged, failed");
            }
        }
        access.require(caller, Action.DELIVERY_ADMIN, Resource.deliveries(), traceId);
        return wanted == null ? deliveries.all(500) : deliveries.withStatus(wanted, 500);
    }

    public void retry(Caller caller, String id, String traceId) {
        access.require(caller, Action.DELIVERY_ADMIN, Resource.delivery(id), traceId);
        transaction.executeWithoutResult(s -> {
            if (!deliveries.resetForRetry(id)) {
                Delivery delivery = deliveries.find(id).orElseThrow(() -> new NoSuchDelivery(id));
                throw new NotRetryable("delivery " + id + " is " + delivery.status().name().toLowerCase() + "; only failed deliveries are re-run");
            }
            // each channel the copy has; a channel that has it already (pushed, or sent to MESH) passes it by
            outbox.enqueue(DeliveryQueues.PUSH, UUID.randomUUID().toString(), new DeliveryQueues.DeliveryRef(id));
            if (deliveries.find(id).map(Delivery::meshFormat).isPresent()) {
                outbox.enqueue(DeliveryQueues.MESH, UUID.randomUUID().toString(), new DeliveryQueues.DeliveryRef(id));
            }
        });
    }
}
