package org.safeguarding.gateway.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.safeguarding.gateway.core.errors.ErrorFormat;
import org.safeguarding.gateway.security.CodedException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Answers a failure met before any controller or servlet runs (in the security filters, by the size limit, by the rate
 * limit). Under an adapter's own path (the FHIR endpoint's {@code /fhir}) the adapter's {@link ErrorFormat} answers, as its
 * endpoint would; anywhere else {@link ProblemResponses} makes the problem, written by Spring MVC's own JSON converter with
 * the request's path as its {@code instance}, so the body is the one a controller's failure of the same kind gets. It is
 * written here rather than sent through MVC's exception resolvers: a rate-limited client that ignores {@code Retry-After}
 * is answered thousands of times a second, and the resolvers' work (handler lookup, content negotiation, a buffering
 * wrapper) was a fifth of each refusal's cost in the rate-limit bench.
 */
@Component
class FailureResponses {

    private final ObjectProvider<RequestMappingHandlerAdapter> mvc;
    private final List<ErrorFormat> formats;
    private volatile HttpMessageConverter<Object> problemJson;

    /** MVC's adapter is looked up when first needed: the filters that use this are made before Spring MVC's own beans. */
    FailureResponses(ObjectProvider<RequestMappingHandlerAdapter> mvc, ObjectProvider<ErrorFormat> formats) {
        this.mvc = mvc;
        this.formats = formats.orderedStream().toList();
    }

    void send(HttpServletRequest request, HttpServletResponse response, CodedException failure) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<ErrorFormat> own = formats.stream().filter(f -> path.equals(f.path()) || path.startsWith(f.path() + "/")).findFirst();
        byte[] body;
        if (own.isPresent()) {
            ErrorFormat.Answer answer = own.get().answer(failure);
            body = answer.body().getBytes(StandardCharsets.UTF_8);
            response.setStatus(answer.status());
            response.setContentType(answer.contentType());
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        } else {
            ProblemDetail problem = ProblemResponses.problem(failure);
            problem.setInstance(URI.create(request.getRequestURI()));
            Buffer written = new Buffer();
            problemJson().write(problem, MediaType.APPLICATION_PROBLEM_JSON, written);
            body = written.body.toByteArray();
            response.setStatus(problem.getStatus());
            // no charset parameter, as MVC sends a controller's problem: JSON is UTF-8 (RFC 8259)
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }
        // sent whole, with its length, as the filters' answers always were: the client may still be sending a body the
        // gateway will not read, and an answer cut into chunks is more often lost when the connection closes
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The converter MVC writes a controller's problem with (Jackson, with Spring's mixin for ProblemDetail's properties). */
    @SuppressWarnings("unchecked")
    private HttpMessageConverter<Object> problemJson() {
        HttpMessageConverter<Object> converter = problemJson;
        if (converter == null) {
            converter = (HttpMessageConverter<Object>) mvc.getObject().getMessageConverters().stream()
                    .filter(c -> c.canWrite(ProblemDetail.class, MediaType.APPLICATION_PROBLEM_JSON)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no converter writes application/problem+json"));
            problemJson = converter;
        }
        return converter;
    }

    /** The body held in memory, so that its length is known before it is sent. */
    private static final class Buffer implements HttpOutputMessage {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(512);
        private final HttpHeaders headers = new HttpHeaders();

        @Override
        public OutputStream getBody() {
            return body;
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }
    }
}
