package org.safeguarding.gateway.core.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * Working days in the partnership's time zone: Monday to Friday, less the configured bank
 * holidays. Deadlines ("acknowledge within 5 working days") are counted on it.
 */
public class WorkingCalendar {

    private final ZoneId zone;
    private final Set<LocalDate> holidays;

    public WorkingCalendar(ZoneId zone, Set<LocalDate> holidays) {
        this.zone = zone;
        this.holidays = Set.copyOf(holidays);
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    /** The end (23:59:59 local) of the {@code days}-th working day after {@code from}'s day. */
    public ZonedDateTime endOfWorkingDaysAfter(ZonedDateTime from, int days) {
        LocalDate day = from.withZoneSameInstant(zone).toLocalDate();
        int counted = 0;
        while (counted < days) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                counted++;
            }
        }
        return day.atTime(LocalTime.of(23, 59, 59)).atZone(zone);
    }

    /** The next opening: {@code time} today if today is a working day not yet past it, else on the next working day. */
    public ZonedDateTime nextOpening(ZonedDateTime from, LocalTime time) {
        ZonedDateTime local = from.withZoneSameInstant(zone);
        if (isWorkingDay(local.toLocalDate()) && local.toLocalTime().isBefore(time)) {
            return local.toLocalDate().atTime(time).atZone(zone);
        }
        return nextWorkingDayAt(local, time);
    }

    /** {@code time} on the first working day strictly after {@code from}'s day. */
    public ZonedDateTime nextWorkingDayAt(ZonedDateTime from, LocalTime time) {
        LocalDate day = from.withZoneSameInstant(zone).toLocalDate().plusDays(1);
        while (!isWorkingDay(day)) {
            day = day.plusDays(1);
        }
        return day.atTime(time).atZone(zone);
    }
}
