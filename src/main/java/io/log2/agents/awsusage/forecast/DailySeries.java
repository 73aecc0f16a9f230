package io.log2.agents.awsusage.forecast;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;

/**
 * A daily cost series in USD: one value per day from {@code first}, a day without cost rows counting as zero (as the
 * cost features count it).
 */
public record DailySeries(LocalDate first, double[] values) {

    public DailySeries {
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public int days() {
        return values.length;
    }

    public LocalDate last() {
        return first.plusDays(values.length - 1L);
    }

    public LocalDate day(int index) {
        return first.plusDays(index);
    }

    public double value(int index) {
        return values[index];
    }

    /** The series from {@code from} to {@code to}, both included, of the amounts by day; a day outside is ignored. */
    public static DailySeries of(LocalDate from, LocalDate to, Map<LocalDate, Double> byDay) {
        double[] values = new double[(int) ChronoUnit.DAYS.between(from, to) + 1];
        byDay.forEach((day, amount) -> {
            long i = ChronoUnit.DAYS.between(from, day);
            if (i >= 0 && i < values.length) {
                values[(int) i] += amount;
            }
        });
        return new DailySeries(from, values);
    }

    /** The first {@code days} days. */
    public DailySeries head(int days) {
        return new DailySeries(first, Arrays.copyOf(values, days));
    }

    /** The sum of the days from {@code from} to {@code to} that lie in the series. */
    public double sum(LocalDate from, LocalDate to) {
        double s = 0;
        for (int i = 0; i < values.length; i++) {
            LocalDate d = day(i);
            if (!d.isBefore(from) && !d.isAfter(to)) {
                s += values[i];
            }
        }
        return s;
    }

    public double total() {
        return Arrays.stream(values).sum();
    }
}
