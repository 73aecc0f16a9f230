package io.log2.agents.awsusage.forecast;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Forecasts an account's cost (or all accounts') from the stored cost history. */
@ApplicationScoped
public class Forecaster {

    /** A quarter's days at most: the history read always covers the quarter in progress. */
    private static final int QUARTER_DAYS = 92;

    @Inject
    CostSeries series;
    @Inject
    ForecastConfig config;

    /** The answer of the backtest endpoint: each horizon's scores, and the comparisons with Cost Explorer. */
    public record Backtest(String account, LocalDate from, LocalDate to, int days, List<ForecastBacktest.Result> horizons,
                           List<ForecastBacktest.AgainstCostExplorer> costExplorer) {
    }

    /**
     * Backtests the model on the stored daily totals of the account (or all accounts) over the history days up to
     * {@code asOf} (or the last day with cost), from the first day with cost in them; compares it with Cost
     * Explorer's forecasts collected for the account.
     */
    public Backtest backtest(String account, LocalDate asOf) {
        LocalDate lastDay = asOf != null ? asOf : series.lastDay(account, null).orElseThrow(() ->
                new ForecastRefusedException("there is no cost history" + (account != null ? " for account " + account : "")));
        LocalDate from = lastDay.minusDays(Math.max(config.historyDays(), QUARTER_DAYS) - 1L);
        Map<LocalDate, Double> byDay = new TreeMap<>();
        series.daily(account, from, lastDay).forEach(d -> byDay.merge(d.day(), d.amount(), Double::sum));
        LocalDate first = byDay.entrySet().stream().filter(e -> e.getValue() != 0).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new ForecastRefusedException("there is no cost history"
                        + (account != null ? " for account " + account : "") + " up to " + lastDay));
        DailySeries daily = DailySeries.of(first, lastDay, byDay);
        int minDays = Math.max(config.minDays(), TrendWeekdayModel.PARAMETERS + 2);
        List<ForecastBacktest.Result> results = new ArrayList<>();
        for (int h : ForecastBacktest.horizons()) {
            results.add(ForecastBacktest.run(daily, h, minDays));
        }
        List<ForecastBacktest.AgainstCostExplorer> ce = account == null ? List.of()
                : ForecastBacktest.againstCostExplorer(daily, series.collectedForecasts(account), minDays);
        return new Backtest(account, first, lastDay, daily.days(), results, ce);
    }

    /**
     * @param account one account, or null for all of them together
     * @param asOf    the last day of history to use, or null for the last day with cost
     * @param budget  the monthly budget in USD, or null for {@code log2.forecast.monthly-budget}
     */
    public Forecast forecast(String account, LocalDate asOf, Double budget) {
        return forecast(account, asOf, budget, true);
    }

    /** The account's forecast in total only, from its last day with cost: what a cycle's projections need. */
    public Forecast totals(String account) {
        return forecast(account, null, null, false);
    }

    private Forecast forecast(String account, LocalDate asOf, Double budget, boolean perService) {
        LocalDate lastDay = asOf != null ? asOf : series.lastDay(account, null).orElseThrow(() ->
                new ForecastRefusedException("there is no cost history" + (account != null ? " for account " + account : "")));
        LocalDate from = lastDay.minusDays(Math.max(config.historyDays(), QUARTER_DAYS) - 1L);
        return Forecasts.of(account, series.daily(account, from, lastDay), lastDay,
                budget != null ? budget : config.monthlyBudget(), Math.max(config.minDays(), TrendWeekdayModel.PARAMETERS + 2),
                config.spikeRiskMin(), perService);
    }
}
