package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.Constants;
import org.safeguarding.gateway.core.errors.ErrorFormat;
import org.safeguarding.gateway.security.CodedException;

/** CP-IS's OperationOutcome ({@link FhirErrors}) for a failure met under {@code /fhir} before the FHIR servlet runs. */
final class FhirErrorFormat implements ErrorFormat {

    private final FhirContext fhir;

    FhirErrorFormat(FhirContext fhir) {
        this.fhir = fhir;
    }

    @Override
    public String path() {
        return CpStatusFhirServer.PATH;
    }

    @Override
    public Answer answer(CodedException failure) {
        return new Answer(FhirErrors.status(failure), Constants.CT_FHIR_JSON_NEW,
                fhir.newJsonParser().encodeResourceToString(FhirErrors.outcome(failure)));
    }
}
