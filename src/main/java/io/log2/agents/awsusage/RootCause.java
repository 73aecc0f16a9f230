package io.log2.agents.awsusage;

/**
 * One line of an account's cost (service, region, usage type) and its contribution to a day's change: what it cost
 * that day less its own mean over the day's baseline window, in USD. The contributions of all lines add up to the
 * day's change against its baseline, as in AWS Cost Anomaly Detection's root causes.
 */
public record RootCause(String service, String account, String region, String usageType, double amount,
                        double baseline, double contribution) {
}
