package io.log2.agents.awsusage.savings;

import io.log2.pricing.PriceTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Idle EC2 instances, as AWS Trusted Advisor defines low utilisation: daily CPU at or below 10% and network I/O
 * at or below 5 MB on at least 4 of the last 14 days. Only running instances cost instance hours; the saving is
 * the instance's whole on-demand cost, as stopping it saves.
 */
public final class IdleInstances implements OpportunityCheck {

    public static final double MAX_CPU_PERCENT = 10.0;
    /** 5 MB, in bytes (decimal megabytes, as Trusted Advisor states it). */
    public static final double MAX_NETWORK_BYTES = 5_000_000.0;
    public static final int MIN_IDLE_DAYS = 4;

    @Override
    public List<SavingsOpportunity> find(SavingsInventory inventory, PriceTable prices) {
        List<SavingsOpportunity> out = new ArrayList<>();
        for (SavingsInventory.Instance i : inventory.instances()) {
            if (!OpportunityCheck.running(i)) {
                continue;
            }
            int idle = idleDays(i);
            if (idle < MIN_IDLE_DAYS) {
                continue;
            }
            OptionalDouble hourly = prices.ec2Hourly(inventory.region(), i.type());
            String evidence = String.format(Locale.ROOT,
                    "daily CPU at or below %.0f%% and network I/O at or below 5 MB on %d of the %d days reported"
                            + " from %s to %s", MAX_CPU_PERCENT, idle, i.days().size(), inventory.from(), inventory.to());
            out.add(new SavingsOpportunity(SavingsOpportunity.IDLE_INSTANCE, inventory.account(), inventory.region(),
                    "AWS::EC2::Instance", i.id(), evidence,
                    "Stop or terminate the idle " + i.type() + " instance (or schedule it to run only when needed)",
                    hourly.isPresent() ? SavingsOpportunity.cents(prices.monthly(hourly.getAsDouble())) : null,
                    inventory.from(), inventory.to()));
        }
        return out;
    }

    /** The days on which the instance was idle: both figures reported and both at or below their limits. */
    static int idleDays(SavingsInventory.Instance instance) {
        int idle = 0;
        for (SavingsInventory.InstanceDay d : instance.days()) {
            if (d.cpuAverage() != null && d.networkBytes() != null
                    && d.cpuAverage() <= MAX_CPU_PERCENT && d.networkBytes() <= MAX_NETWORK_BYTES) {
                idle++;
            }
        }
        return idle;
    }
}
