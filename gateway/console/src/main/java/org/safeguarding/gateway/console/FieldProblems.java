package org.safeguarding.gateway.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safeguarding.gateway.security.CodedException;

/**
 * The core's violations as a form's error summary and inline messages: each named by the label of the control it is
 * about, and linked to that control, so that a person (and a screen reader) goes straight from the summary to the field.
 */
final class FieldProblems {

    /** A control of the form: its element id and its label. */
    record Control(String id, String label) {}

    /** One problem as the page shows it. */
    record Problem(String id, String text, String message) {}

    private FieldProblems() {}

    /**
     * @param controls the form's controls by the core's field path; a path the form has no control for (an indexed
     *                 {@code coreGroup[2]}) goes to the control of its name before the index
     */
    static List<Problem> of(CodedException e, Map<String, Control> controls, Control fallback) {
        List<Problem> problems = new ArrayList<>();
        List<CodedException.Violation> violations = e.violations().isEmpty()
                ? List.of(new CodedException.Violation("", e.getMessage())) : e.violations();
        for (CodedException.Violation v : violations) {
            Control c = controls.getOrDefault(v.field(), controls.getOrDefault(v.field().replaceAll("\\[\\d+]$", ""), fallback));
            String message = LookupPages.sentence(v.message());
            problems.add(new Problem(c.id(), c.label() + ": " + v.message(), message));
        }
        return problems;
    }

    /** Each control's inline message (several joined), by element id. */
    static Map<String, String> byControl(List<Problem> problems) {
        Map<String, String> messages = new LinkedHashMap<>();
        problems.forEach(p -> messages.merge(p.id(), p.message(), (a, b) -> a + ". " + b));
        return messages;
    }
}
