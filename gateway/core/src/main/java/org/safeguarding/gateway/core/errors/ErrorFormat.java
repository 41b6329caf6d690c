package org.safeguarding.gateway.core.errors;

import org.safeguarding.gateway.security.CodedException;

/**
 * The port through which an adapter answers, in its own wire format, a failure that the server meets on the adapter's
 * path before the adapter's endpoint runs (a missing or bad token, a body over its size limit). The server asks the
 * format whose path the request is under, and answers {@code application/problem+json} where none is.
 */
public interface ErrorFormat {

    /** The path this format answers under, e.g. {@code /fhir}: the requests to it and to everything below it. */
    String path();

    /** The whole answer to the failure: its status is the wire format's, as the adapter's own endpoint would give it. */
    Answer answer(CodedException failure);

    record Answer(int status, String contentType, String body) {}
}
