package org.safeguarding.gateway.adapters.unscheduledcare;

import java.util.function.Supplier;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.validation.InvalidInput;
import org.safeguarding.gateway.security.AccessDenied;

/** Turns the core's refusals into CP-IS's errors ({@link SpineErrors}), which HAPI answers as OperationOutcomes. */
final class FhirErrors {

    private FhirErrors() {}

    static <T> T answering(Supplier<T> call) {
        try {
            return call.get();
        } catch (AccessDenied e) {
            throw SpineErrors.ACCESS_DENIED.exception("Access denied (" + e.decision().code() + "): " + e.getMessage());
        } catch (NhsNumber.InvalidNhsNumber | InvalidInput e) {
            throw SpineErrors.INVALID_SEARCH_DATA.exception(e.getMessage());
        }
    }
}
