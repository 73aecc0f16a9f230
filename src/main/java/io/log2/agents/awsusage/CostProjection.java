package io.log2.agents.awsusage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/**
 * The forecast total of an account's calendar month or quarter in USD ({@code period} {@code month} or
 * {@code quarter}, {@code label} {@code 2026-11} or {@code 2026-Q4}): {@code actual} so far plus the forecast of its
 * remaining days, with the 80% and 95% prediction intervals of that total; {@code months} is how many monthly
 * budgets the period is held against. Made by Log²'s own model from the stored cost history ({@code historyDays}
 * days of it, explaining the share {@code rSquared} of its variance); Cost Explorer's own forecast is
 * {@link CostForecast}.
 */
public record CostProjection(String account,
                             @JsonProperty(required = true) String period,
                             @JsonProperty(required = true) String label,
                             LocalDate start,
                             LocalDate end,
                             @JsonProperty(required = true) int months,
                             double actual,
                             @JsonProperty(required = true) double projected,
                             Double lower80,
                             Double upper80,
                             Double lower95,
                             Double upper95,
                             Integer historyDays,
                             Double rSquared) {
}
