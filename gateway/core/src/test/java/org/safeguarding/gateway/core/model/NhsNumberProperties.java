package org.safeguarding.gateway.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The modulus-11 rule, by properties over many numbers rather than a handful of examples. */
class NhsNumberProperties {

    @Provide
    Arbitrary<String> validNumbers() {
        return Arbitraries.strings().numeric().ofLength(9)
                .filter(first9 -> NhsNumber.checkDigit(first9 + "0") >= 0)
                .map(first9 -> first9 + NhsNumber.checkDigit(first9 + "0"));
    }

    @Property
    void everyNumberWithTheRightCheckDigitParses(@ForAll("validNumbers") String number) {
        assertThat(NhsNumber.parse(number).value()).isEqualTo(number);
    }

    @Property
    void theSpacedThreeThreeFourLayoutIsTheSameNumber(@ForAll("validNumbers") String number) {
        String spaced = number.substring(0, 3) + " " + number.substring(3, 6) + " " + number.substring(6);
        assertThat(NhsNumber.parse(spaced)).isEqualTo(NhsNumber.parse(number));
    }

    @Property
    void changingAnyOneDigitIsDetected(@ForAll("validNumbers") String number, @ForAll @IntRange(min = 0, max = 9) int position,
            @ForAll @IntRange(min = 1, max = 9) int delta) {
        char[] digits = number.toCharArray();
        digits[position] = (char) ('0' + (digits[position] - '0' + delta) % 10);
        assertThat(NhsNumber.isValid(new String(digits))).isFalse();
    }

    @Property
    void swappingTwoDifferentAdjacentDigitsIsDetected(@ForAll("validNumbers") String number,
            @ForAll @IntRange(min = 0, max = 8) int position) {
        char[] digits = number.toCharArray();
        if (digits[position] == digits[position + 1]) {
            return;
        }
        char t = digits[position];
        digits[position] = digits[position + 1];
        digits[position + 1] = t;
        assertThat(NhsNumber.isValid(new String(digits))).isFalse();
    }

    @Property
    void anythingButTenDigitsIsRefused(@ForAll @StringLength(max = 40) String text) {
        if (text.matches("\\d{10}") || text.matches("\\d{3} \\d{3} \\d{4}")) {
            return;
        }
        assertThatThrownBy(() -> NhsNumber.parse(text)).isInstanceOf(NhsNumber.InvalidNhsNumber.class);
    }

    @Property
    void numbersWhoseCheckDigitWouldBeTenDoNotExist(@ForAll("nineDigits") String first9) {
        if (NhsNumber.checkDigit(first9 + "0") != -1) {
            return;
        }
        for (int last = 0; last <= 9; last++) {
            assertThat(NhsNumber.isValid(first9 + last)).isFalse();
        }
    }

    @Provide
    Arbitrary<String> nineDigits() {
        return Arbitraries.strings().numeric().ofLength(9);
    }

    @Property(tries = 1)
    void knownExamples() {
        assertThat(NhsNumber.isValid("9434765919")).isTrue();
        assertThat(NhsNumber.isValid("9997709144")).isTrue();
        assertThat(NhsNumber.isValid("9997176953")).isFalse();
        assertThat(NhsNumber.isValid(null)).isFalse();
    }
}
