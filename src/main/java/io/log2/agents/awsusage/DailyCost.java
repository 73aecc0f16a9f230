package io.log2.agents.awsusage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;

/**
 * An account's total cost of one day in USD, with the features cost rules need: the trailing baseline of the
 * preceding days (mean, standard deviation and exponentially weighted mean), the previous day's amount, and the
 * root cause of a change — the service, region and usage type whose cost moved most against their own baseline,
 * with that move in USD — and up to {@value #ROOT_CAUSES} root causes, the lines that moved most in the day's
 * direction first, each with its dollar contribution. Features a source cannot compute are left null and the rules
 * that need them stay silent.
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
                        Double rootCauseImpact,
                        List<RootCause> rootCauses) {

    /** The most root causes a day names. */
    public static final int ROOT_CAUSES = 10;

    public DailyCost {
        rootCauses = rootCauses == null ? null : List.copyOf(rootCauses);
    }

    /** A day with only its amount known. */
    public static DailyCost of(String account, LocalDate date, double amount) {
        return new DailyCost(account, date, amount, null, null, null, null, null, null, null, null, null);
    }
}
