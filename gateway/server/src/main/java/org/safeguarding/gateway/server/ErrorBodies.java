package org.safeguarding.gateway.server;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.safeguarding.gateway.adapters.unscheduledcare.SpineErrors;

/** The OperationOutcome of a failure met under {@code /fhir} before the FHIR servlet runs (by the security filters). */
final class ErrorBodies {

    private ErrorBodies() {}

    static void writeFhir(HttpServletResponse response, int status, String title, String detail) throws IOException {
        response.setStatus(status);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentType("application/fhir+json");
        String code = status == 401 ? "login" : status == 403 ? "forbidden" : status == 413 ? "too-costly" : "invalid";
        // CP-IS clients branch on the Spine error code: a refused or unidentified caller is ACCESS_DENIED
        SpineErrors spine = status == 401 || status == 403 ? SpineErrors.ACCESS_DENIED : null;
        String details = spine == null ? "" : ",\"details\":{\"coding\":[{\"system\":\"" + SpineErrors.SYSTEM + "\",\"code\":\""
                + spine.name() + "\",\"display\":\"" + spine.display() + "\"}]}";
        response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
                + code + "\"" + details + ",\"diagnostics\":\"" + escape(title + ": " + detail) + "\"}]}");
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
