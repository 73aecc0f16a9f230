package io.log2.agents.awsusage.savings;

import io.log2.pricing.PriceTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Running instances of a previous-generation type (see {@link InstanceTypes#PREVIOUS_GENERATION}), with the
 * current type of the same size as the recommendation; m3.medium, whose size m5 does not offer, maps to
 * t3.medium. The saving is the difference of the on-demand rates (zero when the current type costs the same:
 * the gain is then performance per dollar); none when either rate is not in the table or the move costs more.
 */
public final class PreviousGenerationInstances implements OpportunityCheck {

    /** Sizes the successor family does not offer. */
    static final Map<String, String> EXCEPTIONS = Map.of("m3.medium", "t3.medium");

    @Override
    public List<SavingsOpportunity> find(SavingsInventory inventory, PriceTable prices) {
        List<SavingsOpportunity> out = new ArrayList<>();
        for (SavingsInventory.Instance i : inventory.instances()) {
            if (!OpportunityCheck.running(i)) {
                continue;
            }
            Optional<String> current = Optional.ofNullable(EXCEPTIONS.get(i.type()))
                    .or(() -> InstanceTypes.currentGeneration(i.type()));
            if (current.isEmpty()) {
                continue;
            }
            OptionalDouble now = prices.ec2Hourly(inventory.region(), i.type());
            OptionalDouble then = prices.ec2Hourly(inventory.region(), current.get());
            Double saving = now.isPresent() && then.isPresent()
                    ? SavingsOpportunity.cents(prices.monthly(now.getAsDouble() - then.getAsDouble())) : null;
            if (saving != null && saving < 0) {
                continue;
            }
            out.add(new SavingsOpportunity(SavingsOpportunity.PREVIOUS_GENERATION, inventory.account(),
                    inventory.region(), "AWS::EC2::Instance", i.id(),
                    i.type() + " is a previous-generation type (running now)",
                    "Move " + i.type() + " to " + current.get(), saving, null, null));
        }
        return out;
    }
}
