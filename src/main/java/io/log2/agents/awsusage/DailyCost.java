package io.log2.agents.awsusage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/**
 * An account's total cost of one day in USD, with the features cost rules need: the trailing baseline
 * (mean and standard deviation of the preceding days) and the previous day's amount. Features a source
 * cannot compute are left null and the rules that need them stay silent.
 */
public record DailyCost(String account,
                        @JsonProperty(required = true) LocalDate date,
                        @JsonProperty(required = true) double amount,
                        Double baselineMean,
                        Double baselineStdDev,
                        Double previousAmount) {
}
