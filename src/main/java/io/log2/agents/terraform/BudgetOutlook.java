package io.log2.agents.terraform;

/**
 * What a plan does to the month the aws-usage agent forecasts: {@code projected} is that agent's projected month end
 * in USD (all accounts, from its cost history), {@code budget} its monthly budget ({@code log2.forecast.monthly-budget}).
 * The plan's {@code monthlyIncrease} counts for the {@code daysLeft} of the month's {@code daysInMonth} that the
 * forecast still has to run, as {@code added}; {@code withPlan} is the projection with it. {@code resource} is the
 * plan's name, {@code month} the month ({@code 2026-11}).
 */
public record BudgetOutlook(String resource, String month, double projected, double budget, double monthlyIncrease,
                            int daysLeft, int daysInMonth, double added, double withPlan) {
}
