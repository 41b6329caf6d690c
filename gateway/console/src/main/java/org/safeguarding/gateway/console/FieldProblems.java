package org.safeguarding.gateway.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * A field of a list's row as the core names it ({@code children[0].nhsNumber}); the form's input for it is named
     * {@code child-0-nhsNumber}.
     */
    record RowField(String list, int index, String part) {

        private static final Pattern FIELD = Pattern.compile("(\\w+)\\[(\\d+)]\\.(\\w+)");

        static Optional<RowField> of(String field) {
            Matcher m = FIELD.matcher(field);
            return m.matches() ? Optional.of(new RowField(m.group(1), Integer.parseInt(m.group(2)), m.group(3))) : Optional.empty();
        }

        /** The row's input for this field: {@code row} names one row of the list ("child"). */
        String input(String row) {
            return row + "-" + index + "-" + part;
        }
    }

    /** An input of a list's row as the form names it (child-0-nhsNumber), and as its place in the form's order (child-N-nhsNumber). */
    private static final Pattern INPUT_IN_ROW = Pattern.compile("([a-z]+)-(\\d+)-(\\w+)");

    private FieldProblems() {}

    /** A problem at an input: the summary and the input's own message say the same, since each already names its field. */
    static Problem at(String input, String text) {
        return new Problem(input, text, text);
    }

    /**
     * The core's violations as a form's problems, one a control (the first the core gives for it), in the form's order
     * top to bottom as GOV.UK's error summary lists them (the core reports in its own order).
     *
     * @param problem   the control a violation (field, message) is about, and what to tell the person
     * @param formOrder the form's inputs top to bottom; a list's row written once with N for its number (child-N-givenName)
     */
    static List<Problem> inFormOrder(CodedException e, BiFunction<String, String, Problem> problem, List<String> formOrder) {
        Map<String, Problem> byControl = new LinkedHashMap<>();
        for (CodedException.Violation v : e.violations()) {
            Problem p = problem.apply(v.field(), v.message());
            byControl.putIfAbsent(p.id(), p);
        }
        return byControl.values().stream().sorted(Comparator.comparingInt(p -> placeInForm(p.id(), formOrder))).toList();
    }

    /** Sections first, then a list's rows in turn, then the fields of a row. */
    private static int placeInForm(String input, List<String> formOrder) {
        Matcher row = INPUT_IN_ROW.matcher(input);
        if (!row.matches()) {
            return formOrder.indexOf(input) * 10_000;
        }
        String inAnyRow = row.group(1) + "-N-" + row.group(3);
        int list = formOrder.stream().filter(i -> i.startsWith(row.group(1) + "-N-")).findFirst().map(formOrder::indexOf).orElse(-1);
        return list * 10_000 + Integer.parseInt(row.group(2)) * 100 + formOrder.indexOf(inAnyRow);
    }

    /**
     * What to tell a person about a child's (or an adult's) field, which the police form and the referral form ask
     * alike; the row's own words ("Child 1: ") go before it.
     *
     * @param dateAsTyped how the form asks for a date, for example "as day/month/year, for example 27/3/2019"
     */
    static String aboutPerson(String part, String message, String dateAsTyped) {
        return switch (part) {
            case "givenName" -> "enter the first name";
            case "familyName" -> "enter the last name";
            case "birthDate" -> message.contains("future") ? "the date of birth cannot be in the future"
                    : message.contains("ahead") ? "the date of birth can be at most ten months ahead (an unborn child's expected date)"
                    : "enter the date of birth " + dateAsTyped;
            case "nhsNumber" -> "the NHS number must be 10 digits with a valid check digit, or left blank";
            case "schoolId" -> "the school is not one the gateway knows; choose from the list or leave it blank";
            case "postcode" -> "enter a real postcode, like DE1 2AB, or leave it blank";
            default -> message;
        };
    }

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
