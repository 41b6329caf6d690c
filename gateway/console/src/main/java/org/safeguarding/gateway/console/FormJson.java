package org.safeguarding.gateway.console;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a person typed into a console form, as the JSON an agency system would post: the forms send it through the same
 * published schema and the same core service as the API, so that the console accepts exactly what the API accepts.
 * Nothing is guessed: what cannot be read as typed is passed on as typed, for the schema to refuse and the person to
 * be told at the field.
 */
final class FormJson {

    /** Strict: 31/2/2019 is refused, not quietly taken for 28 February. */
    static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT);
    /** The schemas' limit on a list (children, adults, concerns): the "add another" buttons stop there. */
    static final int MAX_ROWS = 20;

    /** A row of a list a form grows a round trip at a time (a child, an adult, a concern). */
    interface Row {
        /** Nothing typed in it: dropped before the form is read, so that the JSON's row numbers are the form's. */
        boolean empty();
    }

    private FormJson() {}

    /** A value as typed, less its surrounding spaces; left out when blank, as an agency system leaves out what it does not know. */
    static void put(ObjectNode node, String field, String value) {
        if (!isBlank(value)) {
            node.put(field, value.strip());
        }
    }

    /** "27/3/2019" as the schema's ISO date; left as typed (and so refused) when it is no date. */
    static String isoDate(String typed) {
        if (isBlank(typed)) {
            return null;
        }
        try {
            return LocalDate.parse(typed.strip(), DAY_MONTH_YEAR).toString();
        } catch (DateTimeParseException e) {
            return typed.strip();
        }
    }

    /** A date in GOV.UK's three boxes (day, month, year), read as the one-box form reads "day/month/year". */
    static String isoDate(String day, String month, String year) {
        if (isBlank(day) && isBlank(month) && isBlank(year)) {
            return null;
        }
        return isoDate(strip(day) + "/" + strip(month) + "/" + strip(year));
    }

    /** An NHS number as people write it (999 000 0018) as the schema's ten digits; anything else as typed. */
    static String nhsNumber(String typed) {
        return typed == null ? null : typed.replace(" ", "");
    }

    /** "Add another": one more empty row, up to the schema's limit. */
    static <T extends Row> void addRow(List<T> rows, Supplier<T> empty) {
        if (rows.size() < MAX_ROWS) {
            rows.add(empty.get());
        }
    }

    /** The rows left empty dropped; {@code keepOne}: a list the schema needs at least one of keeps an empty row to be named. */
    static <T extends Row> void dropEmptyRows(List<T> rows, Supplier<T> empty, boolean keepOne) {
        rows.removeIf(Row::empty);
        if (keepOne && rows.isEmpty()) {
            rows.add(empty.get());
        }
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    static boolean allBlank(String... values) {
        for (String v : values) {
            if (!isBlank(v)) {
                return false;
            }
        }
        return true;
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
