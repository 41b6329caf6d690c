package org.safeguarding.gateway.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.safeguarding.gateway.security.CodedException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Answers a failure met before any controller runs (in the security filters, by the size limit). Away from
 * {@code /fhir} it goes through Spring MVC's exception resolvers to {@link ProblemResponses}, so the body is the one a
 * controller's failure of the same kind gets.
 */
@Component
class FailureResponses {

    private final HandlerExceptionResolver mvc;

    /** Lazy: the filters that use this are made before Spring MVC's own beans. */
    FailureResponses(@Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver mvc) {
        this.mvc = mvc;
    }

    void send(HttpServletRequest request, HttpServletResponse response, CodedException failure) throws IOException {
        int status = ProblemResponses.status(failure.kind()).value();
        if (request.getRequestURI().startsWith(request.getContextPath() + "/fhir")) {
            ErrorBodies.writeFhir(response, status, ProblemResponses.title(failure.kind()), failure.getMessage());
            return;
        }
        // held and sent whole, with its length, as the filters' answers always were: the client may still be sending a
        // body the gateway will not read, and an answer cut into chunks is more often lost when the connection closes
        ContentCachingResponseWrapper whole = new ContentCachingResponseWrapper(response);
        if (mvc.resolveException(request, whole, null, failure) == null) {
            whole.sendError(status, failure.getMessage());
        }
        whole.copyBodyToResponse();
    }
}
