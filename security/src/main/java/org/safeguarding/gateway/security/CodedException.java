package org.safeguarding.gateway.security;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one exception a request fails with: its {@link Kind} says what went wrong, and each wire format maps the kind
 * once (the server to {@code application/problem+json} and its HTTP status, the FHIR adapter to CP-IS's
 * OperationOutcome). The message is what the caller is told.
 */
public class CodedException extends RuntimeException {

    /** What kind of failure this is; nothing here knows how a protocol answers it. */
    public enum Kind {
        /** Input that was read but cannot be accepted; the violations name each bad field. */
        INVALID_INPUT,
        /** Input that could not be read at all (not JSON, or a field of the wrong shape). */
        MALFORMED_INPUT,
        /** What was asked for is not there (or, so that ids cannot be probed, not visibly there). */
        NOT_FOUND,
        /** The request contradicts what has happened already (an outcome given twice, a retry of what did not fail). */
        CONFLICT,
        /** The access policy said no. */
        REFUSED,
        /** No caller could be identified: no token, or one that failed verification. */
        UNAUTHENTICATED,
        /** The input is over its size limit. */
        TOO_LARGE,
        /** The content is of a type that is not accepted. */
        UNSUPPORTED_MEDIA_TYPE,
        /** The caller's organisation is sending faster than its rate limit allows; it may send again after a wait. */
        THROTTLED
    }

    /** One thing wrong with an input, named by its field path (e.g. {@code child.birthDate}). */
    public record Violation(String field, String message) {}

    private final Kind kind;
    private final String code;
    private final transient List<Violation> violations;

    public CodedException(Kind kind, String message) {
        this(kind, message, null, List.of());
    }

    /** Bad input, its message naming every violation. */
    public CodedException(Kind kind, List<Violation> violations) {
        this(kind, violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")), null, violations);
    }

    /**
     * @param code a stable, machine-readable refinement of the kind that the caller may be told (the policy's refusal
     *     code, say), or null
     */
    public CodedException(Kind kind, String message, String code, List<Violation> violations) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    public Kind kind() {
        return kind;
    }

    /** Null when the kind says it all. */
    public String code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }
}
