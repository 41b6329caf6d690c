package org.safeguarding.gateway.server;

import java.net.URI;
import java.util.List;
import org.safeguarding.gateway.core.errors.FailureStatus;
import org.safeguarding.gateway.security.CodedException;
import org.safeguarding.gateway.security.CodedException.Kind;
import org.safeguarding.gateway.security.CodedException.Violation;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

/**
 * The one place a {@link CodedException} becomes {@code application/problem+json}: its kind decides the HTTP status,
 * the title and the type; the message is the detail; a refusal's code and bad input's violations ({@code errors})
 * come with it. The security filters send their failures here too ({@link FailureResponses}). The FHIR endpoint
 * answers with OperationOutcomes of its own.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemResponses.class);
    private static final String PROBLEMS = "https://safeguarding-gateway.example/problems/";

    static HttpStatus status(Kind kind) {
        return HttpStatus.valueOf(FailureStatus.of(kind));
    }

    private static String title(Kind kind) {
        return switch (kind) {
            case INVALID_INPUT -> "Invalid request";
            case MALFORMED_INPUT -> "Malformed request body";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case REFUSED -> "Access denied";
            case UNAUTHENTICATED -> "Unauthorized";
            case TOO_LARGE -> "Payload too large";
            case UNSUPPORTED_MEDIA_TYPE -> "File type not allowed";
            case THROTTLED -> "Too many requests";
        };
    }

    /** Bad input names its fields, always (an empty list when no field could be named). */
    private static boolean namesFields(Kind kind) {
        return kind == Kind.INVALID_INPUT || kind == Kind.MALFORMED_INPUT;
    }

    static ProblemDetail problem(CodedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(e.kind()), e.getMessage());
        problem.setTitle(title(e.kind()));
        switch (e.kind()) {
            case INVALID_INPUT -> problem.setType(URI.create(PROBLEMS + "invalid-request"));
            case MALFORMED_INPUT -> problem.setType(URI.create(PROBLEMS + "malformed-body"));
            case THROTTLED -> problem.setType(URI.create(PROBLEMS + "rate-limited"));
            default -> { }
        }
        if (e.code() != null) {
            problem.setProperty("code", e.code());
        }
        if (namesFields(e.kind())) {
            problem.setProperty("errors", e.violations());
        }
        return problem;
    }

    @ExceptionHandler(CodedException.class)
    ProblemDetail coded(CodedException e) {
        return problem(e);
    }

    /**
     * A multipart body the container cannot read (no boundary, another boundary, cut off before its end): the sender's, not
     * an internal failure. Too large a part is not this: Spring's own handler answers it 413.
     */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail unreadableMultipart(MultipartException e) {
        return problem(new CodedException(Kind.MALFORMED_INPUT, "the multipart body could not be read"));
    }

    /** Anything unforeseen: logged in full here, answered without internals. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("unexpected failure", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the gateway could not complete the request; nothing was accepted");
        problem.setTitle("Internal error");
        return problem;
    }

    /** Unreadable JSON: say where, without echoing the input back. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        CodedException malformed = new CodedException(Kind.MALFORMED_INPUT, "the body is not valid JSON");
        if (e.getMostSpecificCause() instanceof DatabindException wrongShape && !wrongShape.getPath().isEmpty()) {
            String field = fieldPath(wrongShape);
            malformed = new CodedException(Kind.MALFORMED_INPUT, "field '" + field + "' has the wrong type or shape", null,
                    List.of(new Violation(field, "has the wrong type or shape")));
        }
        return handleExceptionInternal(e, problem(malformed), headers, status(malformed.kind()), request);
    }

    private static String fieldPath(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
