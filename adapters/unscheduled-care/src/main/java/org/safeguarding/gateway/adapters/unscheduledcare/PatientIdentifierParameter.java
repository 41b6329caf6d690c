package org.safeguarding.gateway.adapters.unscheduledcare;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.safeguarding.gateway.core.model.NhsNumber;

/**
 * Reads CP-IS's one search parameter, {@code patient:identifier=https://fhir.nhs.uk/Id/nhs-number|NNNNNNNNNN},
 * strictly: exactly one, with the NHS number system. Other search parameters are refused rather
 * than ignored, so a client never mistakes a filter we did not apply for one we did.
 */
final class PatientIdentifierParameter {

    static final String NAME = "patient:identifier";
    private static final Set<String> ALLOWED = Set.of(NAME, "_format", "_pretty", "_summary");

    private PatientIdentifierParameter() {}

    static String nhsNumberFrom(HttpServletRequest request) {
        for (String name : request.getParameterMap().keySet()) {
            if (!ALLOWED.contains(name)) {
                throw new InvalidRequestException("Unsupported search parameter '" + name + "': search by " + NAME + " only");
            }
        }
        String[] values = request.getParameterValues(NAME);
        if (values == null || values.length == 0 || values[0].isBlank()) {
            throw new InvalidRequestException("Missing required parameter " + NAME + "=" + NhsNumber.SYSTEM + "|{nhsNumber}");
        }
        if (values.length > 1) {
            throw new InvalidRequestException("Give " + NAME + " once");
        }
        String token = values[0];
        int bar = token.indexOf('|');
        if (bar < 0 || !NhsNumber.SYSTEM.equals(token.substring(0, bar))) {
            throw new InvalidRequestException("The " + NAME + " parameter must be " + NhsNumber.SYSTEM + "|{nhsNumber}");
        }
        return token.substring(bar + 1);
    }
}
