package org.safeguarding.gateway.core.delivery.mesh;

import java.util.Optional;
import org.safeguarding.gateway.core.delivery.Delivery;
import org.safeguarding.gateway.core.model.Agency;

/**
 * The port an adapter implements when its agencies' systems take copies from MESH in a form of their own rather than as
 * the CMS envelope every other MESH recipient gets (GP Connect Send Document: {@code adapters/gp}). Such a copy leaves
 * the gateway under MESH's transport protection only, so a format carries a copy only where the agency's directory entry
 * asks for it ({@link Agency.MeshAddress#gpConnect()}), and every audit record of the delivery says so.
 *
 * <p>The message is built when it is sent, from the copy's plaintext (which the gateway keeps meanwhile only sealed to
 * itself) and from what the gateway knows of the copy's subject by then (the document's record is committed with it).
 */
public interface MeshFormat {

    /** The format's name, as the delivery records it (e.g. {@code gp-connect}). */
    String name();

    /** Whether this format carries a copy of this type to this agency (false: the CMS envelope, or no MESH at all). */
    boolean carries(String messageType, Agency recipient);

    /**
     * The MESH message for one copy.
     *
     * @param copy        the delivery (its id is the message's own id, so a response can name it)
     * @param content     the copy's plaintext, as the sending flow gave it to secure-copy
     * @param recipient   the agency, with its MESH mailbox and workflow
     * @param ownMailbox  the gateway's MESH mailbox (where responses come back)
     */
    MeshClient.Outgoing message(Delivery copy, byte[] content, Agency recipient, String ownMailbox);

    /** A message in the gateway's MESH inbox that answers a copy this format sent, or empty when it is not one of its own. */
    Optional<Response> response(MeshClient.Incoming message);

    /**
     * What a recipient's system answered about a copy.
     *
     * @param deliveryId the copy's id, as {@link #message} sent it
     * @param outcome    where the copy has got to
     * @param code       the recipient system's own code (ITK3: 20013, 30001, 10001 ...), shown to the sender
     * @param text       its words
     */
    record Response(String deliveryId, Outcome outcome, String code, String text) {}

    enum Outcome {
        /** Taken by the recipient's system (ITK3 infrastructure acknowledgement). */
        DELIVERED,
        /** Accepted into the record (ITK3 business acknowledgement). */
        ACKNOWLEDGED,
        /** Refused: a negative code. */
        FAILED
    }
}
