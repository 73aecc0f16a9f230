package io.log2.agents.awsusage.savings;

import io.log2.pricing.PriceTable;

import io.log2.agents.awsusage.CostRecord;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Steady on-demand EC2 usage that a Compute Savings Plan would cover, from the account's cost history: the
 * on-demand EC2 compute cost of each of the last 14 days ({@code Amazon Elastic Compute Cloud - Compute} rows
 * whose usage type, where known, is on-demand {@code BoxUsage}). When every one of the 14 days has such cost, the
 * smallest day is usage that ran all day every day; a commitment of that smallest day / 24 an hour would be used
 * in full. The saving is that hourly amount × 730 × the price table's assumed discount.
 */
public final class SteadyUsage {

    public static final int DAYS = 14;
    static final String EC2_COMPUTE = "Amazon Elastic Compute Cloud - Compute";

    private SteadyUsage() {
    }

    /** The opportunity of {@code account}'s cost rows over the 14 days ending with {@code to}; empty when none. */
    public static Optional<SavingsOpportunity> find(String account, List<CostRecord> rows, LocalDate to,
                                                    PriceTable prices) {
        LocalDate from = to.minusDays(DAYS - 1);
        Map<LocalDate, Double> daily = new TreeMap<>();
        for (CostRecord r : rows) {
            if (!r.date().isBefore(from) && !r.date().isAfter(to) && EC2_COMPUTE.equals(r.service())
                    && (r.usageType() == null || r.usageType().contains("BoxUsage"))) {
                daily.merge(r.date(), r.amount(), Double::sum);
            }
        }
        if (daily.size() < DAYS) {
            return Optional.empty();
        }
        double floor = daily.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        if (floor <= 0) {
            return Optional.empty();
        }
        double hourly = floor / 24;
        double discount = prices.savingsPlanDiscount();
        double saving = prices.monthly(hourly) * discount;
        return Optional.of(new SavingsOpportunity(SavingsOpportunity.SAVINGS_PLAN, account, null, "AWS::SavingsPlans",
                "EC2 compute of account " + (account == null ? "(unnamed)" : account),
                String.format(Locale.ROOT, "on-demand EC2 compute at least $%.2f every day from %s to %s"
                        + " ($%.4f an hour all day)", floor, from, to, hourly),
                String.format(Locale.ROOT, "Buy a 1-year Compute Savings Plan of $%.4f an hour (the on-demand $%.4f"
                        + " less the assumed %.0f%% discount)", hourly * (1 - discount), hourly, discount * 100),
                SavingsOpportunity.cents(saving), from, to));
    }
}
