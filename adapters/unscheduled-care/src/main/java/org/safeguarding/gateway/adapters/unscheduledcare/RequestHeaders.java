package org.safeguarding.gateway.adapters.unscheduledcare;

import jakarta.servlet.http.HttpServletRequest;
import org.safeguarding.gateway.core.validation.InvalidInput;

/** CP-IS's request headers: {@code TraceID} for the audit trail, {@code IsUnscheduledAccessEvent} for silent reads. */
final class RequestHeaders {

    static final String TRACE_ID = "TraceID";
    static final String UNSCHEDULED_ACCESS = "IsUnscheduledAccessEvent";
    private static final int MAX_TRACE_ID = 200;

    private RequestHeaders() {}

    static String traceId(HttpServletRequest request) {
        String trace = request.getHeader(TRACE_ID);
        if (trace != null && trace.length() > MAX_TRACE_ID) {
            throw invalid(TRACE_ID, "The TraceID header is longer than " + MAX_TRACE_ID + " characters");
        }
        return trace;
    }

    /** Notifying unless the header says exactly {@code false}; anything but true/false is refused. */
    static boolean notifying(HttpServletRequest request) {
        String value = request.getHeader(UNSCHEDULED_ACCESS);
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(UNSCHEDULED_ACCESS, "The " + UNSCHEDULED_ACCESS + " header must be true or false");
    }

    static boolean isHeader(String field) {
        return TRACE_ID.equals(field) || UNSCHEDULED_ACCESS.equals(field);
    }

    private static RuntimeException invalid(String header, String diagnostics) {
        return FhirErrors.exception(InvalidInput.of(header, diagnostics));
    }
}
