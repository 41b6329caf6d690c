package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.safeguarding.gateway.security.CodedException;
import org.safeguarding.gateway.security.CodedException.Violation;

/**
 * The one place the gateway's failures ({@link CodedException}) become CP-IS's errors: the HTTP status the guide
 * gives, and an OperationOutcome with the FHIR issue type, the Spine error code where the guide has one, and
 * {@code diagnostics} that say in words what was wrong. HAPI answers the exception; the server answers the outcome of a
 * failure met before HAPI runs ({@link FhirErrorFormat}).
 */
final class FhirErrors {

    private record Issue(int status, IssueType type, SpineErrors spine) {}

    private FhirErrors() {}

    /** Runs a search, answering its failure as CP-IS does. */
    static <T> T answering(Supplier<T> search) {
        try {
            return search.get();
        } catch (CodedException e) {
            throw exception(e);
        }
    }

    /** The exception HAPI answers with the failure's status and OperationOutcome. */
    static BaseServerResponseException exception(CodedException failure) {
        BaseServerResponseException answer = BaseServerResponseException.newInstance(status(failure), diagnostics(failure));
        answer.setOperationOutcome(outcome(failure));
        return answer;
    }

    static int status(CodedException failure) {
        return issue(failure).status();
    }

    static OperationOutcome outcome(CodedException failure) {
        Issue issue = issue(failure);
        OperationOutcome outcome = new OperationOutcome();
        // as Spine's own: an id per answer, which support desks quote
        outcome.setId(UUID.randomUUID().toString());
        OperationOutcome.OperationOutcomeIssueComponent component = outcome.addIssue().setSeverity(IssueSeverity.ERROR)
                .setCode(issue.type()).setDiagnostics(diagnostics(failure));
        if (issue.spine() != null) {
            component.setDetails(issue.spine().details());
        }
        return outcome;
    }

    private static Issue issue(CodedException failure) {
        return switch (failure.kind()) {
            // CP-IS: a bad header value is a failed precondition, anything else wrong with a search is invalid search data
            case INVALID_INPUT -> new Issue(400, IssueType.INVALID, !failure.violations().isEmpty() && failure.violations().stream()
                    .map(Violation::field).allMatch(RequestHeaders::isHeader) ? SpineErrors.PRECONDITION_FAILED : SpineErrors.INVALID_SEARCH_DATA);
            case MALFORMED_INPUT -> new Issue(400, IssueType.INVALID, null);
            case NOT_FOUND -> new Issue(404, IssueType.NOTFOUND, null);
            case CONFLICT -> new Issue(409, IssueType.CONFLICT, null);
            case REFUSED -> new Issue(403, IssueType.FORBIDDEN, SpineErrors.ACCESS_DENIED);
            // an unidentified caller is refused with the same Spine code as a refused one: CP-IS clients branch on it
            case UNAUTHENTICATED -> new Issue(401, IssueType.LOGIN, SpineErrors.ACCESS_DENIED);
            case TOO_LARGE -> new Issue(413, IssueType.TOOCOSTLY, null);
            case UNSUPPORTED_MEDIA_TYPE -> new Issue(415, IssueType.NOTSUPPORTED, null);
            // CP-IS's guide has no Spine code for this: FHIR's own issue type says it
            case THROTTLED -> new Issue(429, IssueType.THROTTLED, null);
        };
    }

    private static String diagnostics(CodedException failure) {
        return switch (failure.kind()) {
            case INVALID_INPUT, MALFORMED_INPUT -> failure.violations().isEmpty() ? failure.getMessage()
                    : failure.violations().stream().map(Violation::message).collect(Collectors.joining("; "));
            case REFUSED -> "Access denied (" + failure.code() + "): " + failure.getMessage();
            case UNAUTHENTICATED -> "Unauthorized: " + failure.getMessage();
            case TOO_LARGE -> "Payload too large: " + failure.getMessage();
            case THROTTLED -> "Too many requests: " + failure.getMessage();
            default -> failure.getMessage();
        };
    }
}
