package io.log2.agents.awsusage.savings;

import io.log2.pricing.PriceTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Attached gp2 volumes that gp3 would serve for less: gp3 costs about 20% less per GB-month and gives a baseline
 * of 3,000 IOPS and 125 MB/s whatever the size, where gp2 gives 3 IOPS per GB. Up to 1,000 GiB a gp2 volume has at
 * most 3,000 IOPS, so gp3's baseline matches it at no extra charge; above that the recommendation says so, and the
 * saving counts storage only. Unattached gp2 volumes are left to {@link UnattachedVolumes}.
 */
public final class Gp2Volumes implements OpportunityCheck {

    static final int GP3_BASELINE_IOPS = 3000;

    @Override
    public List<SavingsOpportunity> find(SavingsInventory inventory, PriceTable prices) {
        List<SavingsOpportunity> out = new ArrayList<>();
        for (SavingsInventory.Volume v : inventory.volumes()) {
            if (!"gp2".equals(v.type()) || !v.attached()) {
                continue;
            }
            OptionalDouble gp2 = prices.ebsGbMonth(inventory.region(), "gp2");
            OptionalDouble gp3 = prices.ebsGbMonth(inventory.region(), "gp3");
            Double saving = gp2.isPresent() && gp3.isPresent()
                    ? SavingsOpportunity.cents(v.sizeGb() * (gp2.getAsDouble() - gp3.getAsDouble())) : null;
            int gp2Iops = 3 * v.sizeGb();
            String recommendation = "Modify the volume to gp3 (online, no detaching)"
                    + (gp2Iops > GP3_BASELINE_IOPS ? String.format(Locale.ROOT,
                    "; provision %d IOPS on gp3 to keep gp2's performance, at extra charge", gp2Iops) : "");
            out.add(new SavingsOpportunity(SavingsOpportunity.GP2_TO_GP3, inventory.account(), inventory.region(),
                    "AWS::EC2::Volume", v.id(), String.format(Locale.ROOT,
                    "%d GiB gp2 volume in use (gp2 baseline %d IOPS)", v.sizeGb(), Math.max(100, gp2Iops)),
                    recommendation, saving, null, null));
        }
        return out;
    }
}
