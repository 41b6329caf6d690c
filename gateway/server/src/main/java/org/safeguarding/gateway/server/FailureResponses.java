package org.safeguarding.gateway.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.safeguarding.gateway.core.errors.ErrorFormat;
import org.safeguarding.gateway.security.CodedException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Answers a failure met before any controller or servlet runs (in the security filters, by the size limit). Under an
 * adapter's own path (the FHIR endpoint's {@code /fhir}) the adapter's {@link ErrorFormat} answers, as its endpoint
 * would; anywhere else the failure goes through Spring MVC's exception resolvers to {@link ProblemResponses}, so the
 * body is the one a controller's failure of the same kind gets.
 */
@Component
class FailureResponses {

    private final HandlerExceptionResolver mvc;
    private final List<ErrorFormat> formats;

    /** Lazy: the filters that use this are made before Spring MVC's own beans. */
    FailureResponses(@Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver mvc, ObjectProvider<ErrorFormat> formats) {
        this.mvc = mvc;
        this.formats = formats.orderedStream().toList();
    }

    void send(HttpServletRequest request, HttpServletResponse response, CodedException failure) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<ErrorFormat> own = formats.stream().filter(f -> path.equals(f.path()) || path.startsWith(f.path() + "/")).findFirst();
        if (own.isPresent()) {
            ErrorFormat.Answer answer = own.get().answer(failure);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            response.setStatus(answer.status());
            response.setContentType(answer.contentType());
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        // held and sent whole, with its length, as the filters' answers always were: the client may still be sending a
        // body the gateway will not read, and an answer cut into chunks is more often lost when the connection closes
        ContentCachingResponseWrapper whole = new ContentCachingResponseWrapper(response);
        if (mvc.resolveException(request, whole, null, failure) == null) {
            whole.sendError(ProblemResponses.status(failure.kind()).value(), failure.getMessage());
        }
        whole.copyBodyToResponse();
    }
}
