package io.log2.agents.awsusage.savings;

import io.log2.pricing.PriceTable;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Elastic IPs associated with nothing. Since February 2024 AWS charges every public IPv4 address by the hour,
 * associated or not; an unassociated one buys nothing, so releasing it saves its whole cost.
 */
public final class UnassociatedAddresses implements OpportunityCheck {

    @Override
    public List<SavingsOpportunity> find(SavingsInventory inventory, PriceTable prices) {
        List<SavingsOpportunity> out = new ArrayList<>();
        OptionalDouble hourly = prices.ipv4Hourly(inventory.region());
        for (SavingsInventory.Address a : inventory.addresses()) {
            if (a.associated()) {
                continue;
            }
            out.add(new SavingsOpportunity(SavingsOpportunity.UNASSOCIATED_ADDRESS, inventory.account(),
                    inventory.region(), "AWS::EC2::EIP", a.id(),
                    "Elastic IP " + a.publicIp() + " is associated with no instance or network interface",
                    "Release the Elastic IP if nothing needs the address",
                    hourly.isPresent() ? SavingsOpportunity.cents(prices.monthly(hourly.getAsDouble())) : null,
                    null, null));
        }
        return out;
    }
}
