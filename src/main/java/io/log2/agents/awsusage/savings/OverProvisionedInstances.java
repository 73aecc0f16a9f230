package io.log2.agents.awsusage.savings;

import io.log2.pricing.PriceTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Running instances whose CPU would fit one size down in the same family: the p95 of their hourly average CPU
 * over the 14 days is at or below 40%. One size down has half the vCPUs, so the same load would run at about
 * twice the percentage: at most 80%, leaving 20 points of headroom. Idle instances are left to
 * {@link IdleInstances}. The saving is the difference of the two on-demand rates.
 */
public final class OverProvisionedInstances implements OpportunityCheck {

    public static final double MAX_P95_CPU_PERCENT = 40.0;

    @Override
    public List<SavingsOpportunity> find(SavingsInventory inventory, PriceTable prices) {
        List<SavingsOpportunity> out = new ArrayList<>();
        for (SavingsInventory.Instance i : inventory.instances()) {
            if (!OpportunityCheck.running(i) || i.cpuP95() == null || i.cpuP95() > MAX_P95_CPU_PERCENT
                    || IdleInstances.idleDays(i) >= IdleInstances.MIN_IDLE_DAYS) {
                continue;
            }
            Optional<String> smaller = InstanceTypes.oneSizeDown(i.type());
            if (smaller.isEmpty()) {
                continue;
            }
            OptionalDouble now = prices.ec2Hourly(inventory.region(), i.type());
            OptionalDouble then = prices.ec2Hourly(inventory.region(), smaller.get());
            Double saving = now.isPresent() && then.isPresent()
                    ? SavingsOpportunity.cents(prices.monthly(now.getAsDouble() - then.getAsDouble())) : null;
            out.add(new SavingsOpportunity(SavingsOpportunity.OVER_PROVISIONED, inventory.account(),
                    inventory.region(), "AWS::EC2::Instance", i.id(),
                    String.format(Locale.ROOT, "p95 of hourly CPU %.1f%% from %s to %s (at or below %.0f%%)",
                            i.cpuP95(), inventory.from(), inventory.to(), MAX_P95_CPU_PERCENT),
                    "Resize " + i.type() + " to " + smaller.get(), saving, inventory.from(), inventory.to()));
        }
        return out;
    }
}
