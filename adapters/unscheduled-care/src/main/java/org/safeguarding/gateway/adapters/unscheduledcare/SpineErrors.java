package org.safeguarding.gateway.adapters.unscheduledcare;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * The Spine error codes of CP-IS's consumer guide, which an EPR built to the guide branches on; {@link FhirErrors}
 * puts them in {@code issue.details}.
 */
enum SpineErrors {
    /** An NHS number that is malformed or fails its check digit, or a search the API does not offer. */
    INVALID_SEARCH_DATA("Invalid search data"),
    /** A missing or invalid header value. */
    PRECONDITION_FAILED("Precondition failed"),
    /** The caller may not make the request (and, for 401, could not be identified). */
    ACCESS_DENIED("Access has been denied to process this request");

    static final String SYSTEM = "https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode";

    private final String display;

    SpineErrors(String display) {
        this.display = display;
    }

    CodeableConcept details() {
        return new CodeableConcept(new Coding(SYSTEM, name(), display));
    }
}
