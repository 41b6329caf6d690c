package org.safeguarding.gateway.core.validation;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.safeguarding.gateway.core.model.NhsNumber;
import org.safeguarding.gateway.security.CodedException.Violation;

/** Collects violations while reading text fields into typed values, so one answer names every bad field. */
public final class Fields {

    private final List<Violation> violations = new ArrayList<>();

    public String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(field, "is required"));
            return null;
        }
        return bounded(field, value.strip(), maxLength);
    }

    public String optional(String field, String value, int maxLength) {
        return value == null || value.isBlank() ? null : bounded(field, value.strip(), maxLength);
    }

    public LocalDate requiredDate(String field, String value) {
        String text = required(field, value, 10);
        return text == null ? null : date(field, text);
    }

    public LocalDate optionalDate(String field, String value) {
        String text = optional(field, value, 10);
        return text == null ? null : date(field, text);
    }

    public NhsNumber nhsNumber(String field, String value) {
        try {
            return NhsNumber.parse(value);
        } catch (NhsNumber.InvalidNhsNumber e) {
            violations.add(new Violation(field, e.reason()));
            return null;
        }
    }

    public <E extends Enum<E>> E oneOf(String field, String value, Class<E> type, Function<String, E> parse) {
        String text = required(field, value, 40);
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(field, "must be one of " + List.of(type.getEnumConstants())));
            return null;
        }
    }

    public void check(boolean condition, String field, String message) {
        if (!condition) {
            violations.add(new Violation(field, message));
        }
    }

    public void add(String field, String message) {
        violations.add(new Violation(field, message));
    }

    /** Throws when anything was wrong; call once, after reading every field. */
    public void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
    }

    /**
     * NUL and the other C0 controls but tab and the line breaks, and DEL: no text a person types holds them, PostgreSQL
     * cannot store NUL, and in a log, terminal or spreadsheet they act rather than show.
     */
    public static boolean holdsControlCharacters(String text) {
        return text.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f);
    }

    private String bounded(String field, String value, int maxLength) {
        if (holdsControlCharacters(value)) {
            violations.add(new Violation(field, "holds a control character"));
            return null;
        }
        if (value.length() > maxLength) {
            violations.add(new Violation(field, "is longer than " + maxLength + " characters"));
            return null;
        }
        return value;
    }

    private LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "is not a date in the form yyyy-MM-dd"));
            return null;
        }
    }
}
