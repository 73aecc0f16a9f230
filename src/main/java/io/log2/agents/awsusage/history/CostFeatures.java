package io.log2.agents.awsusage.history;

import io.log2.agents.awsusage.CostRecord;
import io.log2.agents.awsusage.DailyCost;
import io.log2.agents.awsusage.MonthToDate;
import io.log2.agents.awsusage.RootCause;
import io.log2.agents.awsusage.ServiceCost;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns an account's cost rows into the facts cost rules read. The baseline of a day is taken over the days
 * before it, from the first day with cost data but at most {@value #WINDOW} days back (at least {@value #MIN_DAYS},
 * else the baseline is unknown); a day without rows in between cost nothing and counts as zero: mean, sample
 * standard deviation and an exponentially weighted mean (oldest day first, weight {@value #EWMA_ALPHA} on each newer
 * day). The root cause of a day is the service, region and usage type that moved most against its own mean over
 * those days in the direction the day moved (the largest rise on a day above its baseline, the largest fall on a
 * day below it), with that move in USD; ties go to the line that cost more that day, then to the first by name.
 * The root causes are the lines in that order, up to {@value DailyCost#ROOT_CAUSES}, each with its move: as the
 * baseline is a mean, the moves of all lines add up to the day's change against its baseline.
 */
public final class CostFeatures {

    public static final int WINDOW = 14;
    static final int MIN_DAYS = 7;
    static final double EWMA_ALPHA = 0.3;

    /** A service, region and usage type: the grain root causes are named at. */
    record Line(String service, String region, String usageType) {
    }

    private CostFeatures() {
    }

    /** The features of {@code day}, from rows covering at least the {@value #WINDOW} days before it. */
    public static DailyCost daily(String account, LocalDate day, List<CostRecord> rows) {
        Map<LocalDate, Double> totals = new TreeMap<>();
        Map<Line, Map<LocalDate, Double>> lines = new TreeMap<>(LINE_ORDER);
        for (CostRecord r : rows) {
            totals.merge(r.date(), r.amount(), Double::sum);
            lines.computeIfAbsent(new Line(r.service(), r.region(), r.usageType()), k -> new TreeMap<>())
                    .merge(r.date(), r.amount(), Double::sum);
        }
        double amount = totals.getOrDefault(day, 0.0);
        // The window runs from the first day with data (at most WINDOW days back) to the day before; a day without
        // rows in it cost nothing, and counts as zero.
        LocalDate first = totals.keySet().stream().filter(d -> !d.isBefore(day.minusDays(WINDOW)))
                .findFirst().orElse(day);
        List<LocalDate> window = first.datesUntil(day).toList();
        Double previous = window.isEmpty() ? totals.get(day.minusDays(1)) : totals.getOrDefault(day.minusDays(1), 0.0);
        if (window.size() < MIN_DAYS) {
            return new DailyCost(account, day, amount, null, null, null, previous, null, null, null, null, null);
        }
        double[] values = window.stream().mapToDouble(d -> totals.getOrDefault(d, 0.0)).toArray();
        double mean = java.util.Arrays.stream(values).average().orElse(0);
        double variance = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
        double ewma = values[0];
        for (int i = 1; i < values.length; i++) {
            ewma = EWMA_ALPHA * values[i] + (1 - EWMA_ALPHA) * ewma;
        }
        // The cause moved the same way as the day: the line that rose most on a rising day, fell most on a falling
        // one. Ties go to the larger cost that day, then to the first line by name, so the answer never depends on
        // the order of the rows.
        double direction = amount >= mean ? 1 : -1;
        Line cause = null;
        double impact = 0;
        double causeAmount = 0;
        List<RootCause> causes = new ArrayList<>();
        for (Map.Entry<Line, Map<LocalDate, Double>> e : lines.entrySet()) {
            Map<LocalDate, Double> byDay = e.getValue();
            double lineMean = window.stream().mapToDouble(d -> byDay.getOrDefault(d, 0.0)).average().orElse(0);
            double lineAmount = byDay.getOrDefault(day, 0.0);
            double move = lineAmount - lineMean;
            if (move != 0) {
                Line l = e.getKey();
                causes.add(new RootCause(l.service(), account, l.region(), l.usageType(), lineAmount, lineMean, move));
            }
            if (cause == null || direction * move > direction * impact
                    || (direction * move == direction * impact && lineAmount > causeAmount)) {
                cause = e.getKey();
                impact = move;
                causeAmount = lineAmount;
            }
        }
        // The root causes: every line that moved, the largest move in the day's direction first (ties: the larger
        // cost that day, then the order of names, which the sort keeps); the first ROOT_CAUSES of them.
        causes.sort(Comparator.comparingDouble((RootCause c) -> -direction * c.contribution())
                .thenComparingDouble(c -> -c.amount()));
        return new DailyCost(account, day, amount, mean, Math.sqrt(variance), ewma, previous,
                cause == null ? null : cause.service(), cause == null ? null : cause.region(),
                cause == null ? null : cause.usageType(), cause == null ? null : impact,
                causes.subList(0, Math.min(DailyCost.ROOT_CAUSES, causes.size())));
    }

    private static final Comparator<String> NAME = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<Line> LINE_ORDER = Comparator.comparing(Line::service, NAME)
            .thenComparing(Line::region, NAME).thenComparing(Line::usageType, NAME);

    /**
     * The month's cost up to its last day with data, and the projected month end: the forecast when there is one,
     * else the month to date spread over the whole month at the pace of the days so far.
     */
    public static MonthToDate monthToDate(String account, YearMonth month, List<CostRecord> rows, Double forecast) {
        List<CostRecord> inMonth = rows.stream().filter(r -> YearMonth.from(r.date()).equals(month)).toList();
        double amount = inMonth.stream().mapToDouble(CostRecord::amount).sum();
        Double projected = forecast;
        if (projected == null && !inMonth.isEmpty()) {
            int lastDay = inMonth.stream().map(CostRecord::date).max(LocalDate::compareTo).orElseThrow().getDayOfMonth();
            projected = amount / lastDay * month.lengthOfMonth();
        }
        return new MonthToDate(account, month, amount, projected);
    }

    /** What each service cost in the month. */
    public static List<ServiceCost> services(String account, YearMonth month, List<CostRecord> rows) {
        Map<String, Double> byService = rows.stream().filter(r -> YearMonth.from(r.date()).equals(month))
                .collect(Collectors.groupingBy(r -> Objects.requireNonNullElse(r.service(), "unknown"), TreeMap::new,
                        Collectors.summingDouble(CostRecord::amount)));
        List<ServiceCost> out = new ArrayList<>();
        byService.forEach((service, amount) -> out.add(new ServiceCost(account, month, service, amount)));
        return out;
    }
}
