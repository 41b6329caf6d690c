package org.safeguarding.gateway.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkingCalendarTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private final WorkingCalendar calendar = new WorkingCalendar(LONDON, Set.of(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 28)));

    @Test
    void workingDaysSkipWeekendsAndHolidays() {
        ZonedDateTime wednesday = ZonedDateTime.of(2026, 12, 23, 10, 0, 0, 0, LONDON);
        // Thu 24, (Fri 25 holiday), (Sat, Sun), (Mon 28 holiday), Tue 29
        assertThat(calendar.endOfWorkingDaysAfter(wednesday, 2).toLocalDate()).isEqualTo(LocalDate.of(2026, 12, 29));
        assertThat(calendar.endOfWorkingDaysAfter(wednesday, 1).toLocalTime()).isEqualTo(LocalTime.of(23, 59, 59));
    }

    @Test
    void theNextWorkingDayAfterAFridayEveningIsMonday() {
        ZonedDateTime fridayEvening = ZonedDateTime.of(2026, 11, 27, 21, 30, 0, 0, LONDON);
        assertThat(calendar.nextWorkingDayAt(fridayEvening, LocalTime.of(8, 30)))
                .isEqualTo(ZonedDateTime.of(2026, 11, 30, 8, 30, 0, 0, LONDON));
        ZonedDateTime christmasEve = ZonedDateTime.of(2026, 12, 24, 18, 0, 0, 0, LONDON);
        assertThat(calendar.nextWorkingDayAt(christmasEve, LocalTime.of(8, 30)).toLocalDate()).isEqualTo(LocalDate.of(2026, 12, 29));
    }
}
