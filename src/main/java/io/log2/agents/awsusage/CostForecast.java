package io.log2.agents.awsusage;

import java.time.YearMonth;

/** Cost Explorer's forecast of an account's month-end total, in USD, with its prediction interval when given. */
public record CostForecast(String account, YearMonth month, double mean, Double lower, Double upper) {
}
