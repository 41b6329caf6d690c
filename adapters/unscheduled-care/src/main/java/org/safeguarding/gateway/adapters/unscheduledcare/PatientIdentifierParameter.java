package org.safeguarding.gateway.adapters.unscheduledcare;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Set;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.core.validation.InvalidInput;

/**
 * Reads CP-IS's one search parameter, {@code patient:identifier=https://fhir.nhs.uk/Id/nhs-number|NNNNNNNNNN},
 * strictly: exactly one, with the NHS number system. Other search parameters are refused rather
 * than ignored, so a client never mistakes a filter we did not apply for one we did. The access
 * history also takes the one {@code _include} CP-IS's guide says a consumer shall send.
 */
final class PatientIdentifierParameter {

    static final String NAME = "patient:identifier";
    static final String INCLUDE = "_include";
    /** The viewers' PractitionerRoles, as CP-IS asks for them (the ASSIGNED agent of each AuditEvent). */
    static final String VIEWERS = "AuditEvent:entity-type=" + CpisFhir.ROLE_CLASS_SYSTEM + "|ASSIGNED";
    private static final Set<String> ALLOWED = Set.of(NAME, "_format", "_pretty", "_summary");

    /** What a search asked for: whose record, and (the access history only) whether the viewers come with it. */
    record PatientSearch(String nhsNumber, boolean includeViewers) {}

    private PatientIdentifierParameter() {}

    /** For CareTeam and Flag, which include nothing. */
    static String nhsNumberFrom(HttpServletRequest request) {
        return read(request.getParameterMap(), false).nhsNumber();
    }

    static PatientSearch read(HttpServletRequest request, boolean viewersIncludable) {
        return read(request.getParameterMap(), viewersIncludable);
    }

    /** @param parameters the query's parameters, decoded, as the servlet gives them */
    static PatientSearch read(Map<String, String[]> parameters, boolean viewersIncludable) {
        for (String name : parameters.keySet()) {
            if (!ALLOWED.contains(name) && !(viewersIncludable && INCLUDE.equals(name))) {
                throw invalid("Unsupported search parameter '" + name + "': search by " + NAME + " only"
                        + (viewersIncludable ? ", with " + INCLUDE + "=" + VIEWERS : ""));
            }
        }
        String token = single(parameters, NAME, "Missing required parameter " + NAME + "=" + NhsNumber.SYSTEM + "|{nhsNumber}");
        int bar = token.indexOf('|');
        if (bar < 0 || !NhsNumber.SYSTEM.equals(token.substring(0, bar))) {
            throw invalid("The " + NAME + " parameter must be " + NhsNumber.SYSTEM + "|{nhsNumber}");
        }
        String include = parameters.get(INCLUDE) == null ? null : single(parameters, INCLUDE, "Give " + INCLUDE + " a value");
        if (include != null && !VIEWERS.equals(include)) {
            throw invalid("Unsupported " + INCLUDE + " '" + include + "': the access history includes " + VIEWERS + " only");
        }
        return new PatientSearch(token.substring(bar + 1), include != null);
    }

    private static String single(Map<String, String[]> parameters, String name, String whenMissing) {
        String[] values = parameters.get(name);
        if (values == null || values.length == 0 || values[0].isBlank()) {
            throw invalid(whenMissing);
        }
        if (values.length > 1) {
            throw invalid("Give " + name + " once");
        }
        return values[0];
    }

    private static RuntimeException invalid(String diagnostics) {
        return FhirErrors.exception(InvalidInput.of(NAME, diagnostics));
    }
}
