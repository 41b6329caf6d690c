package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The errors of CP-IS's consumer guide: the HTTP status, the issue code and a Spine error code in
 * {@code issue.details}, which is what an EPR built to the guide branches on; {@code diagnostics}
 * says in words what was wrong.
 */
public enum SpineErrors {
    /** An NHS number that is malformed or fails its check digit, or a search the API does not offer. */
    INVALID_SEARCH_DATA(400, IssueType.INVALID, "Invalid search data"),
    /** A missing or invalid header value. */
    PRECONDITION_FAILED(400, IssueType.INVALID, "Precondition failed"),
    /** The caller may not make the request (and, for 401, could not be identified). */
    ACCESS_DENIED(403, IssueType.FORBIDDEN, "Access has been denied to process this request");

    public static final String SYSTEM = "https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode";

    private final int status;
    private final IssueType issueType;
    private final String display;

    SpineErrors(int status, IssueType issueType, String display) {
        this.status = status;
        this.issueType = issueType;
        this.display = display;
    }

    public String display() {
        return display;
    }

    public OperationOutcome outcome(String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        // as Spine's own: an id per answer, which support desks quote
        outcome.setId(UUID.randomUUID().toString());
        outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(issueType)
                .setDetails(new CodeableConcept(new Coding(SYSTEM, name(), display)))
                .setDiagnostics(diagnostics);
        return outcome;
    }

    /** The exception HAPI answers with this error's OperationOutcome and status. */
    BaseServerResponseException exception(String diagnostics) {
        OperationOutcome outcome = outcome(diagnostics);
        return status == 403 ? new ForbiddenOperationException(diagnostics, outcome) : new InvalidRequestException(diagnostics, outcome);
    }
}
