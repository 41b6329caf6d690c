package org.safeguarding.gateway.core.model;

import java.util.List;
import java.util.regex.Pattern;
import org.safeguarding.gateway.security.CodedException;

/**
 * A 10-digit NHS number whose last digit is the modulus-11 check digit of the first nine
 * (weights 10 down to 2). Construct only through {@link #parse}, so an instance is always valid.
 */
public final class NhsNumber {

    public static final String SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
    private static final Pattern SPACED = Pattern.compile("\\d{3} \\d{3} \\d{4}");
    private static final Pattern DIGITS = Pattern.compile("\\d{10}");

    private final String value;

    private NhsNumber(String value) {
        this.value = value;
    }

    /** Accepts digits with optional single spaces in the 3-3-4 layout people write ("999 000 0018"). */
    public static NhsNumber parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidNhsNumber("an NHS number is required");
        }
        if (text.length() > 12) {
            throw new InvalidNhsNumber("an NHS number has 10 digits");
        }
        String digits = SPACED.matcher(text).matches() ? text.replace(" ", "") : text;
        if (!DIGITS.matcher(digits).matches()) {
            throw new InvalidNhsNumber("an NHS number has exactly 10 digits");
        }
        int expected = checkDigit(digits);
        if (expected != digits.charAt(9) - '0') {
            throw new InvalidNhsNumber("the check digit of NHS number " + digits + " is wrong");
        }
        return new NhsNumber(digits);
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidNhsNumber e) {
            return false;
        }
    }

    /** The modulus-11 check digit of the first nine digits, or -1 when no check digit exists (remainder 10). */
    static int checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            return 0;
        }
        return check == 10 ? -1 : check;
    }

    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NhsNumber n && n.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }

    /** Invalid input in the field {@code nhsNumber} (the validation's {@code Fields} name it after the field it was read from). */
    public static class InvalidNhsNumber extends CodedException {
        public InvalidNhsNumber(String reason) {
            super(Kind.INVALID_INPUT, List.of(new Violation("nhsNumber", reason)));
        }

        /** What is wrong with the number, without the field's name. */
        public String reason() {
            return violations().get(0).message();
        }
    }
}
