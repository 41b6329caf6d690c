package org.safeguarding.gateway.core.delivery;

/** Hands a copy to an agency's own system. Implementations must send the delivery id as the message id. */
public interface PushChannel {

    void push(String url, Delivery delivery, byte[] envelope);

    /** The receiver did not take it: unreachable, refused, or anything but 2xx. Retried by the broker. */
    class PushFailed extends RuntimeException {
        public PushFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
