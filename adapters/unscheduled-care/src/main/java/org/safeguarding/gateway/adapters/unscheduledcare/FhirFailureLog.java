package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the FHIR endpoint logs of a failed request. HAPI's own exception handler writes every refusal's message at WARN,
 * and a refusal's message repeats the caller's input (an {@code _elements} or search value holding an NHS number), so
 * its logger is off ({@code logging.level} in the server's application.yml) and this takes its place: a failure of the
 * server's own (5xx) with its stack trace, as the API's {@code ProblemResponses} logs one; a refusal (4xx) nothing
 * beyond the request's own log line, which names its status and never its query.
 */
@Interceptor
public final class FhirFailureLog {

    private static final Logger LOG = LoggerFactory.getLogger(FhirFailureLog.class);

    /** Logs a server failure and lets HAPI answer it as before. */
    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean log(BaseServerResponseException failure) {
        if (failure.getStatusCode() >= 500) {
            LOG.error("unexpected failure", failure);
        }
        return true;
    }
}
