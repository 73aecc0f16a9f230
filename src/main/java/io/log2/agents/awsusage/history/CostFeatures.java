package io.log2.agents.awsusage.history;

import io.log2.agents.awsusage.CostRecord;
import io.log2.agents.awsusage.DailyCost;
import io.log2.agents.awsusage.MonthToDate;
import io.log2.agents.awsusage.ServiceCost;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns an account's cost rows into the facts cost rules read. The baseline of a day is taken over the
 * {@value #WINDOW} days before it that have any cost data (at least {@value #MIN_DAYS}, else the baseline is
 * unknown): mean, sample standard deviation and an exponentially weighted mean. The root cause of a day is the
 * service, region and usage type whose cost rose most above its own mean over those days, with that rise in USD.
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
        Map<Line, Map<LocalDate, Double>> lines = new java.util.HashMap<>();
        for (CostRecord r : rows) {
            totals.merge(r.date(), r.amount(), Double::sum);
            lines.computeIfAbsent(new Line(r.service(), r.region(), r.usageType()), k -> new TreeMap<>())
                    .merge(r.date(), r.amount(), Double::sum);
        }
        double amount = totals.getOrDefault(day, 0.0);
        Double previous = totals.get(day.minusDays(1));
        List<LocalDate> window = totals.keySet().stream()
                .filter(d -> d.isBefore(day) && !d.isBefore(day.minusDays(WINDOW))).sorted().toList();
        if (window.size() < MIN_DAYS) {
            return new DailyCost(account, day, amount, null, null, null, previous, null, null, null, null);
        }
        double[] values = window.stream().mapToDouble(totals::get).toArray();
        double mean = java.util.Arrays.stream(values).average().orElse(0);
        double variance = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
        double ewma = values[0];
        for (int i = 1; i < values.length; i++) {
            ewma = EWMA_ALPHA * values[i] + (1 - EWMA_ALPHA) * ewma;
        }
        Line cause = null;
        double impact = 0;
        for (Map.Entry<Line, Map<LocalDate, Double>> e : lines.entrySet()) {
            Map<LocalDate, Double> byDay = e.getValue();
            double lineMean = window.stream().mapToDouble(d -> byDay.getOrDefault(d, 0.0)).average().orElse(0);
            double rise = byDay.getOrDefault(day, 0.0) - lineMean;
            if (cause == null || rise > impact) {
                cause = e.getKey();
                impact = rise;
            }
        }
        return new DailyCost(account, day, amount, mean, Math.sqrt(variance), ewma, previous,
                cause == null ? null : cause.service(), cause == null ? null : cause.region(),
                cause == null ? null : cause.usageType(), cause == null ? null : impact);
    }

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
