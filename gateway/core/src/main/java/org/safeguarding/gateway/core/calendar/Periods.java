package org.safeguarding.gateway.core.calendar;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;

/**
 * How many days a period such as {@code P8Y} spans, at least and at most, whatever date it starts
 * from (months and years vary in length), for checking one configured period against another at
 * start. Exact over the Gregorian calendar's 400-year cycle: only the 1st and the 29th to 31st of each
 * month need trying, because from any day up to the 28th adding years and months moves the date
 * exactly as from the 1st does.
 */
public final class Periods {

    private Periods() {}

    public static long shortestDays(Period period) {
        return span(period, true);
    }

    public static long longestDays(Period period) {
        return span(period, false);
    }

    private static long span(Period period, boolean shortest) {
        long best = shortest ? Long.MAX_VALUE : Long.MIN_VALUE;
        LocalDate cycle = LocalDate.of(2000, 1, 1);
        for (LocalDate month = cycle; month.isBefore(cycle.plusYears(400)); month = month.plusMonths(1)) {
            for (int day : new int[] {1, 29, 30, 31}) {
                if (day <= month.lengthOfMonth()) {
                    LocalDate start = month.withDayOfMonth(day);
                    long days = ChronoUnit.DAYS.between(start, start.plus(period));
                    best = shortest ? Math.min(best, days) : Math.max(best, days);
                }
            }
        }
        return best;
    }
}
