package org.safeguarding.gateway.server;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.safeguarding.gateway.adapters.unscheduledcare.SpineErrors;

/**
 * Error bodies written outside Spring MVC (by security filters, before any controller runs): an
 * OperationOutcome under {@code /fhir}, {@code application/problem+json} elsewhere. Inside MVC,
 * {@link ProblemResponses} does the same job.
 */
final class ErrorBodies {

    private ErrorBodies() {}

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (request.getRequestURI().startsWith(request.getContextPath() + "/fhir")) {
            response.setContentType("application/fhir+json");
            String code = status == 401 ? "login" : status == 403 ? "forbidden" : status == 413 ? "too-costly" : "invalid";
            // CP-IS clients branch on the Spine error code: a refused or unidentified caller is ACCESS_DENIED
            SpineErrors spine = status == 401 || status == 403 ? SpineErrors.ACCESS_DENIED : null;
            String details = spine == null ? "" : ",\"details\":{\"coding\":[{\"system\":\"" + SpineErrors.SYSTEM + "\",\"code\":\""
                    + spine.name() + "\",\"display\":\"" + spine.display() + "\"}]}";
            response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
                    + code + "\"" + details + ",\"diagnostics\":\"" + escape(title + ": " + detail) + "\"}]}");
        } else {
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                    + ",\"detail\":\"" + escape(detail) + "\",\"instance\":\"" + escape(request.getRequestURI()) + "\"}");
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
