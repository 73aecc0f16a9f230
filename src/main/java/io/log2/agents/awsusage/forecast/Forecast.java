package io.log2.agents.awsusage.forecast;

import java.time.LocalDate;
import java.util.List;

/**
 * The answer of {@code GET /api/agents/aws-usage/forecast}: the week, month and quarter ahead in total and per
 * service, the chance of passing the budget, the services most likely to cause it, and how sure the model is.
 */
public record Forecast(String account, LocalDate lastDay, String currency, double monthlyBudget, ModelQuality model,
                       List<PeriodForecast> total, List<ServiceForecast> services, List<BudgetBreach> budget,
                       List<SpikeRisk> spikeRisks) {

    /** How well the model fits the history it learned from, and what to keep in mind when reading it. */
    public record ModelQuality(String model, LocalDate from, LocalDate to, int historyDays, int daysWithCost,
                               Double rSquared, double residualDeviation, int degreesOfFreedom, double trendPerDay,
                               List<String> warnings) {
    }

    /** One service's forecast, by its own model. */
    public record ServiceForecast(String service, Double rSquared, double trendPerDay, List<PeriodForecast> periods) {
    }

    /** The probability that a month's or quarter's total passes its budget. */
    public record BudgetBreach(String period, String label, double budget, double projected, double probability) {
    }

    /**
     * A service likely to take the account over its monthly budget: with every other service at its forecast, the
     * budget leaves it {@code headroom} dollars for the month; {@code probability} is the chance it spends more. A
     * service the budget leaves no headroom is not one: the others pass the budget without it.
     */
    public record SpikeRisk(String service, String label, double projected, double upper95, double headroom,
                            double probability, double trendPerDay, double residualDeviation) {
    }
}
