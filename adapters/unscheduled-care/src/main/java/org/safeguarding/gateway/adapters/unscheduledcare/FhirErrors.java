package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.function.Supplier;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessDenied;

/** Turns the core's refusals into HAPI's exceptions, which HAPI answers as OperationOutcomes. */
final class FhirErrors {

    private FhirErrors() {}

    static <T> T answering(Supplier<T> call) {
        try {
            return call.get();
        } catch (AccessDenied e) {
            throw new ForbiddenOperationException("Access denied (" + e.decision().code() + "): " + e.getMessage());
        } catch (NhsNumber.InvalidNhsNumber | InvalidInput e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }
}
