package io.log2.agents.awsusage.cycle;

import io.log2.agents.awsusage.CostForecast;
import io.log2.agents.awsusage.CostRecord;
import io.log2.agents.awsusage.MetricSample;
import io.log2.agents.awsusage.SampleFeatures;
import io.log2.agents.awsusage.forecast.Projections;
import io.log2.agents.awsusage.history.CostFeatures;
import io.log2.agents.awsusage.history.CostHistory;
import io.log2.agents.awsusage.history.CostHistory.AccountDay;
import io.log2.agents.awsusage.history.MetricFeatures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a cycle's facts from what arrived since the last cycle, by history store number (see
 * {@code HistorySequence}): a DailyCost with its features for every account and day whose cost rows were added or
 * changed, the month to date and per-service costs of their months and the account's month and quarter projections
 * ({@code CostProjection}), and the metric samples added or changed, each with its {@link SampleFeatures} beside it.
 * Rows stored again unchanged did not arrive.
 */
@ApplicationScoped
public class FactAssembler {

    @Inject
    CostHistory history;
    @Inject
    Projections projections;

    /** The facts of the stores numbered after {@code after} up to {@code through}. */
    public List<Object> arrived(long after, long through, Map<String, Double> capacities) {
        List<Object> facts = new ArrayList<>();
        Map<String, List<LocalDate>> daysByAccount = new TreeMap<>();
        for (AccountDay d : history.costDaysArrived(after, through)) {
            daysByAccount.computeIfAbsent(d.account(), a -> new ArrayList<>()).add(d.day());
        }
        for (Map.Entry<String, List<LocalDate>> e : daysByAccount.entrySet()) {
            String account = e.getKey();
            List<LocalDate> days = e.getValue();
            // One read per account covers every day's baseline window and every month touched.
            LocalDate first = days.stream().min(LocalDate::compareTo).orElseThrow();
            LocalDate last = days.stream().max(LocalDate::compareTo).orElseThrow();
            LocalDate from = first.minusDays(CostFeatures.WINDOW).isBefore(first.withDayOfMonth(1))
                    ? first.minusDays(CostFeatures.WINDOW) : first.withDayOfMonth(1);
            List<CostRecord> rows = history.costs(account, from, YearMonth.from(last).atEndOfMonth());
            Set<YearMonth> months = new LinkedHashSet<>();
            for (LocalDate day : days) {
                facts.add(CostFeatures.daily(nullIfEmpty(account), day, rows.stream()
                        .filter(r -> !r.date().isAfter(day) && !r.date().isBefore(day.minusDays(CostFeatures.WINDOW))).toList()));
                months.add(YearMonth.from(day));
            }
            for (YearMonth month : months) {
                Double forecast = history.forecast(account, month).map(CostForecast::mean).orElse(null);
                facts.add(CostFeatures.monthToDate(nullIfEmpty(account), month, rows, forecast));
                facts.addAll(CostFeatures.services(nullIfEmpty(account), month, rows));
            }
            facts.addAll(projections.of(account));
        }
        List<MetricSample> samples = history.metricsArrived(after, through);
        for (MetricSample s : samples) {
            Double capacity = s.capacity() != null ? s.capacity() : capacities.get(s.resource());
            facts.add(capacity == s.capacity() ? s
                    : new MetricSample(s.namespace(), s.metric(), s.resource(), s.timestamp(), s.value(), capacity));
        }
        facts.addAll(features(samples));
        return facts;
    }

    /**
     * The features of each sample that arrived, beside it, from its series' stored history: the samples from the
     * first that arrived to the last, after the {@link MetricFeatures#HISTORY} before them.
     */
    private List<SampleFeatures> features(List<MetricSample> arrived) {
        record Series(String namespace, String metric, String resource) {
        }
        Map<Series, List<MetricSample>> bySeries = new LinkedHashMap<>();
        for (MetricSample s : arrived) {
            if (s.timestamp() != null) {
                bySeries.computeIfAbsent(new Series(s.namespace(), s.metric(), s.resource()), k -> new ArrayList<>()).add(s);
            }
        }
        List<SampleFeatures> out = new ArrayList<>();
        bySeries.forEach((series, samples) -> {
            Instant first = samples.get(0).timestamp();
            Instant last = samples.get(samples.size() - 1).timestamp();
            List<MetricSample> stored = history.metricSeries(series.namespace(), series.metric(), series.resource(),
                    first, last, MetricFeatures.HISTORY);
            Set<Instant> wanted = new HashSet<>();
            samples.forEach(s -> wanted.add(s.timestamp()));
            int from = 0;
            while (from < stored.size() && stored.get(from).timestamp().isBefore(first)) {
                from++;
            }
            for (SampleFeatures f : MetricFeatures.of(stored, from)) {
                if (wanted.contains(f.timestamp())) {
                    out.add(f);
                }
            }
        });
        return out;
    }

    private static String nullIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
