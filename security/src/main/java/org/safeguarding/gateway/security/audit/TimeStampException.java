package org.safeguarding.gateway.security.audit;

/** A time-stamp could not be obtained, or a stored one does not hold; the message says which step failed. */
public class TimeStampException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TimeStampException(String message) {
        super(message);
    }

    public TimeStampException(String message, Throwable cause) {
        super(message, cause);
    }
}
