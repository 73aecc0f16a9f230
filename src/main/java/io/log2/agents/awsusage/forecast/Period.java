package io.log2.agents.awsusage.forecast;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.IsoFields;
import java.util.List;

/**
 * A stretch of days a forecast is made for, seen from the last day of history: the next 7 days, the calendar month
 * and the calendar quarter the next day falls in (so a month or quarter in progress holds its actual cost so far).
 * {@code months} is how many monthly budgets it is held against.
 */
public record Period(String name, String label, LocalDate start, LocalDate end, int months) {

    public static final String WEEK = "week";
    public static final String MONTH = "month";
    public static final String QUARTER = "quarter";

    /** The week, month and quarter after {@code lastDay}. */
    public static List<Period> after(LocalDate lastDay) {
        LocalDate next = lastDay.plusDays(1);
        return List.of(week(lastDay), month(next), quarter(next));
    }

    public static Period week(LocalDate lastDay) {
        LocalDate next = lastDay.plusDays(1);
        return new Period(WEEK, next + "/" + next.plusDays(6), next, next.plusDays(6), 0);
    }

    public static Period month(LocalDate day) {
        YearMonth m = YearMonth.from(day);
        return new Period(MONTH, m.toString(), m.atDay(1), m.atEndOfMonth(), 1);
    }

    public static Period quarter(LocalDate day) {
        int q = day.get(IsoFields.QUARTER_OF_YEAR);
        LocalDate start = LocalDate.of(day.getYear(), (q - 1) * 3 + 1, 1);
        return new Period(QUARTER, day.getYear() + "-Q" + q, start, start.plusMonths(3).minusDays(1), 3);
    }

    public int days() {
        return (int) (end.toEpochDay() - start.toEpochDay()) + 1;
    }
}
