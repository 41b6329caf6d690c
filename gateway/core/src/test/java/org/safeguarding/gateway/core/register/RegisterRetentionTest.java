package org.safeguarding.gateway.core.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Period;
import org.safeguarding.gateway.core.calendar.Periods;
import org.junit.jupiter.api.Test;

/** The retention may never be shorter than the visibility window, whatever the date a plan ends on. */
class RegisterRetentionTest {

    @Test
    void aPeriodsShortestSpanIsItsLengthFromTheLeastFavourableStart() {
        assertThat(Periods.shortestDays(Period.ofYears(1))).isEqualTo(365);
        assertThat(Periods.shortestDays(Period.ofMonths(12))).isEqualTo(365);
        assertThat(Periods.shortestDays(Period.ofMonths(1))).as("from 1 February in a common year").isEqualTo(28);
        assertThat(Periods.shortestDays(Period.ofYears(8))).as("across 2100, not a leap year").isEqualTo(8 * 365 + 1);
        assertThat(Periods.shortestDays(Period.ofDays(400))).isEqualTo(400);
    }

    @Test
    void aRetentionCoveringTheWindowIsAccepted() {
        RegisterRetention.requireCovers(Period.ofYears(8), 365);
        RegisterRetention.requireCovers(Period.ofYears(1), 365);
        RegisterRetention.requireCovers(Period.ofDays(365), 365);
    }

    @Test
    void aRetentionShorterThanTheWindowIsRefused() {
        assertThatThrownBy(() -> RegisterRetention.requireCovers(Period.ofDays(364), 365))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gateway.visibility-days");
        assertThatThrownBy(() -> RegisterRetention.requireCovers(Period.ofMonths(11), 365)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegisterRetention.requireCovers(Period.ofYears(1), 366))
                .as("a year is 365 days when it spans no 29 February").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegisterRetention.requireCovers(Period.ofDays(-1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegisterRetention.requireCovers(null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void theLongestSpanOfAPeriodCountsEveryLeapDayItCanCross() {
        assertThat(Periods.longestDays(Period.ofYears(1))).isEqualTo(366);
        assertThat(Periods.longestDays(Period.ofYears(8))).isEqualTo(8 * 365 + 2);
        assertThat(Periods.longestDays(Period.ofMonths(1))).isEqualTo(31);
    }
}
