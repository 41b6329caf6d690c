package org.safeguarding.gateway.core.errors;

import org.safeguarding.gateway.security.CodedException;

/** The HTTP status each kind of failure is answered with, wherever the gateway answers in HTTP: the API's problems and the console's pages. */
public final class FailureStatus {

    private FailureStatus() {}

    public static int of(CodedException.Kind kind) {
        return switch (kind) {
            case INVALID_INPUT, MALFORMED_INPUT -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case REFUSED -> 403;
            case UNAUTHENTICATED -> 401;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case THROTTLED -> 429;
        };
    }
}
