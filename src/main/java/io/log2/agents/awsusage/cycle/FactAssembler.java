package io.log2.agents.awsusage.cycle;

import io.log2.agents.awsusage.CostForecast;
import io.log2.agents.awsusage.CostRecord;
import io.log2.agents.awsusage.MetricSample;
import io.log2.agents.awsusage.history.CostFeatures;
import io.log2.agents.awsusage.history.CostHistory;
import io.log2.agents.awsusage.history.CostHistory.AccountDay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a cycle's facts from what arrived since the last cycle: a DailyCost with its features for every
 * account and day that received cost rows, the month to date and per-service costs of their months, and the
 * metric samples that arrived.
 */
@ApplicationScoped
public class FactAssembler {

    /** An account and a month that received cost rows. */
    record AccountMonth(String account, YearMonth month) {
    }

    @Inject
    CostHistory history;

    public List<Object> since(Instant since, Map<String, Double> capacities) {
        List<Object> facts = new ArrayList<>();
        Set<AccountMonth> months = new LinkedHashSet<>();
        for (AccountDay d : history.costDaysRecordedSince(since)) {
            List<CostRecord> rows = history.costs(d.account(), d.day().minusDays(CostFeatures.WINDOW), d.day());
            facts.add(CostFeatures.daily(nullIfEmpty(d.account()), d.day(), rows));
            months.add(new AccountMonth(d.account(), YearMonth.from(d.day())));
        }
        for (AccountMonth m : months) {
            List<CostRecord> rows = history.costs(m.account(), m.month().atDay(1), m.month().atEndOfMonth());
            Double forecast = history.forecast(m.account(), m.month()).map(CostForecast::mean).orElse(null);
            facts.add(CostFeatures.monthToDate(nullIfEmpty(m.account()), m.month(), rows, forecast));
            facts.addAll(CostFeatures.services(nullIfEmpty(m.account()), m.month(), rows));
        }
        for (MetricSample s : history.metricsRecordedSince(since)) {
            Double capacity = s.capacity() != null ? s.capacity() : capacities.get(s.resource());
            facts.add(capacity == s.capacity() ? s
                    : new MetricSample(s.namespace(), s.metric(), s.resource(), s.timestamp(), s.value(), capacity));
        }
        return facts;
    }

    private static String nullIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
