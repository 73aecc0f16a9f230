package io.log2.agents.awsusage.savings;

import java.time.LocalDate;

/**
 * A way to spend less, as a fact for the rules and a row of {@code GET /api/agents/aws-usage/opportunities}: what
 * kind it is, which resource, the evidence (metric figures and the days they cover, {@code from} to {@code to}
 * inclusive; null for a configuration seen now), what to do, and the estimated saving in USD a month (730 hours);
 * null when the price table has no rate for the resource.
 */
public record SavingsOpportunity(String kind,
                                 String account,
                                 String region,
                                 String resourceType,
                                 String resource,
                                 String evidence,
                                 String recommendation,
                                 Double monthlySaving,
                                 LocalDate from,
                                 LocalDate to) {

    public static final String IDLE_INSTANCE = "idle-instance";
    public static final String UNATTACHED_VOLUME = "unattached-volume";
    public static final String IDLE_DATABASE = "idle-database";
    public static final String UNASSOCIATED_ADDRESS = "unassociated-address";
    public static final String OVER_PROVISIONED = "over-provisioned";
    public static final String GP2_TO_GP3 = "gp2-to-gp3";
    public static final String PREVIOUS_GENERATION = "previous-generation";
    public static final String SAVINGS_PLAN = "savings-plan";

    /** Rounds a dollar figure to cents, as the opportunities report it. */
    static Double cents(double usd) {
        return Math.round(usd * 100) / 100.0;
    }
}
