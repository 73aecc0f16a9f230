package io.log2.agents.awsusage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/**
 * An account's total cost of one day in USD, with the features cost rules need: the trailing baseline of the
 * preceding days (mean, standard deviation and exponentially weighted mean), the previous day's amount, and the
 * root cause of a change — the service, region and usage type whose cost moved most against their own baseline,
 * with that move in USD. Features a source cannot compute are left null and the rules that need them stay silent.
 */
public record DailyCost(String account,
                        @JsonProperty(required = true) LocalDate date,
                        @JsonProperty(required = true) double amount,
                        Double baselineMean,
                        Double baselineStdDev,
                        Double ewma,
                        Double previousAmount,
                        String rootCauseService,
                        String rootCauseRegion,
                        String rootCauseUsageType,
                        Double rootCauseImpact) {

    /** A day with only its amount known. */
    public static DailyCost of(String account, LocalDate date, double amount) {
        return new DailyCost(account, date, amount, null, null, null, null, null, null, null, null);
    }
}
