package io.log2.agents.awsusage.forecast;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;

/** Forecasts an account's cost (or all accounts') from the stored cost history. */
@ApplicationScoped
public class Forecaster {

    /** A quarter's days at most: the history read always covers the quarter in progress. */
    private static final int QUARTER_DAYS = 92;

    @Inject
    CostSeries series;
    @Inject
    ForecastConfig config;

    /**
     * @param account one account, or null for all of them together
     * @param asOf    the last day of history to use, or null for the last day with cost
     * @param budget  the monthly budget in USD, or null for {@code log2.forecast.monthly-budget}
     */
    public Forecast forecast(String account, LocalDate asOf, Double budget) {
        LocalDate lastDay = asOf != null ? asOf : series.lastDay(account, null).orElseThrow(() ->
                new ForecastRefusedException("there is no cost history" + (account != null ? " for account " + account : "")));
        LocalDate from = lastDay.minusDays(Math.max(config.historyDays(), QUARTER_DAYS) - 1L);
        return Forecasts.of(account, series.daily(account, from, lastDay), lastDay,
                budget != null ? budget : config.monthlyBudget(), Math.max(config.minDays(), TrendWeekdayModel.PARAMETERS + 2),
                config.spikeRiskMin());
    }
}
