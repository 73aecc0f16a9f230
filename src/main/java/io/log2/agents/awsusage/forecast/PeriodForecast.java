package io.log2.agents.awsusage.forecast;

import java.time.LocalDate;

/**
 * The forecast cost of one period in USD: {@code actual} is what the days of it already in the history cost,
 * {@code projected} that plus the forecast of its remaining {@code forecastDays}; the intervals hold the period's
 * total with 80% and 95% probability under the model. Forecasts of days are never below zero.
 */
public record PeriodForecast(String period, String label, LocalDate start, LocalDate end, int forecastDays,
                             double actual, double projected, double lower80, double upper80, double lower95,
                             double upper95) {

    static PeriodForecast of(Period p, double actual, TrendWeekdayModel.Sum rest) {
        double[] i80 = rest.interval(0.80);
        double[] i95 = rest.interval(0.95);
        return new PeriodForecast(p.name(), p.label(), p.start(), p.end(), rest.days(), round(actual),
                round(actual + Math.max(0, rest.mean())), round(actual + Math.max(0, i80[0])),
                round(actual + Math.max(0, i80[1])), round(actual + Math.max(0, i95[0])), round(actual + Math.max(0, i95[1])));
    }

    /** To the hundredth of a cent: figures people read, with a sum of them still exact to the cent. */
    static double round(double usd) {
        return Math.round(usd * 10_000) / 10_000.0;
    }
}
