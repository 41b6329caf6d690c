package org.safeguarding.gateway.server;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.safeguarding.gateway.core.delivery.Acknowledgements;
import org.safeguarding.gateway.core.delivery.DeliveryAdministration;
import org.safeguarding.gateway.core.documents.ContentInspector;
import org.safeguarding.gateway.core.documents.DocumentDistribution;
import org.safeguarding.gateway.core.flow.DeadLetters;
import org.safeguarding.gateway.core.dv.DvNotifications;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessDenied;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

/** The one place REST errors become {@code application/problem+json} (the FHIR endpoint answers OperationOutcomes itself). */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(InvalidInput.class)
    ProblemDetail invalid(InvalidInput e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        problem.setType(URI.create("https://safeguarding-gateway.example/problems/invalid-request"));
        problem.setProperty("errors", e.violations().stream()
                .map(v -> Map.of("field", v.field(), "message", v.message())).toList());
        return problem;
    }

    @ExceptionHandler(NhsNumber.InvalidNhsNumber.class)
    ProblemDetail invalidNhsNumber(NhsNumber.InvalidNhsNumber e) {
        return invalid(InvalidInput.of("nhsNumber", e.getMessage()));
    }

    @ExceptionHandler(AccessDenied.class)
    ProblemDetail denied(AccessDenied e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setTitle("Access denied");
        problem.setProperty("code", e.decision().code());
        return problem;
    }

    @ExceptionHandler(ContentInspector.UnsupportedContent.class)
    ProblemDetail unsupported(ContentInspector.UnsupportedContent e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, e.getMessage());
        problem.setTitle("File type not allowed");
        return problem;
    }

    @ExceptionHandler({DocumentDistribution.NotFound.class, Acknowledgements.NoSuchMessage.class, DeadLetters.NoSuchDeadLetter.class})
    ProblemDetail notFound(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler({DeliveryAdministration.NotRetryable.class, DvNotifications.OutcomeAlreadyRecorded.class})
    ProblemDetail conflict(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Not retryable");
        return problem;
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
        String detail = "the body is not valid JSON";
        List<Map<String, String>> errors = List.of();
        if (e.getMostSpecificCause() instanceof DatabindException wrongShape && !wrongShape.getPath().isEmpty()) {
            String field = fieldPath(wrongShape);
            detail = "field '" + field + "' has the wrong type or shape";
            errors = List.of(Map.of("field", field, "message", "has the wrong type or shape"));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Malformed request body");
        problem.setType(URI.create("https://safeguarding-gateway.example/problems/malformed-body"));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
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
