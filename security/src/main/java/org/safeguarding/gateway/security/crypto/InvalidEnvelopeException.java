package org.safeguarding.gateway.security.crypto;

/** An envelope that could not be opened or whose content cannot be trusted; {@link #reason()} says which step failed. */
public class InvalidEnvelopeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The step that failed, in the order {@link CmsEnvelope#decryptAndVerify} takes them. */
    public enum Reason {
        /** Not a DER/BER CMS EnvelopedData at all. */
        MALFORMED,
        /** Well formed, but no recipient info names the given certificate. */
        NOT_FOR_RECIPIENT,
        /** Addressed to the recipient, but the key or the ciphertext does not decrypt. */
        CANNOT_DECRYPT,
        /** Decrypted, but the inner SignedData is malformed, detached, or its signature does not verify. */
        BAD_SIGNATURE,
        /** The signature verifies, but its certificate does not chain to the trusted CA. */
        UNTRUSTED_SIGNER
    }

    private final Reason reason;

    public InvalidEnvelopeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidEnvelopeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
