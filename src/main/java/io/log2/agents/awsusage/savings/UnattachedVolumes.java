package io.log2.agents.awsusage.savings;

import io.log2.pricing.PriceTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * EBS volumes attached to no instance (state {@code available}): they are billed for their provisioned size (and
 * an io1 volume for its provisioned IOPS) whether used or not. The saving is that whole cost; a snapshot first
 * keeps the data for much less.
 */
public final class UnattachedVolumes implements OpportunityCheck {

    @Override
    public List<SavingsOpportunity> find(SavingsInventory inventory, PriceTable prices) {
        List<SavingsOpportunity> out = new ArrayList<>();
        for (SavingsInventory.Volume v : inventory.volumes()) {
            if (v.attached() || !"available".equals(v.state())) {
                continue;
            }
            OptionalDouble perGb = prices.ebsGbMonth(inventory.region(), v.type());
            Double saving = null;
            if (perGb.isPresent()) {
                double monthly = v.sizeGb() * perGb.getAsDouble();
                if ("io1".equals(v.type()) && v.iops() != null) {
                    OptionalDouble perIops = prices.io1IopsMonth(inventory.region());
                    monthly = perIops.isPresent() ? monthly + v.iops() * perIops.getAsDouble() : Double.NaN;
                }
                saving = Double.isNaN(monthly) ? null : SavingsOpportunity.cents(monthly);
            }
            out.add(new SavingsOpportunity(SavingsOpportunity.UNATTACHED_VOLUME, inventory.account(),
                    inventory.region(), "AWS::EC2::Volume", v.id(),
                    String.format(Locale.ROOT, "%d GiB %s volume%s attached to no instance", v.sizeGb(), v.type(),
                            "io1".equals(v.type()) && v.iops() != null ? " with " + v.iops() + " provisioned IOPS" : ""),
                    "Snapshot the volume if its data is needed, then delete it", saving, null, null));
        }
        return out;
    }
}
