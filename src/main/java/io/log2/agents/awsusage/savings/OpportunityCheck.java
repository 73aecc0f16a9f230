package io.log2.agents.awsusage.savings;

import io.log2.pricing.PriceTable;

import java.util.List;

/** One kind of savings opportunity, found in an account's inventory and usage of one region. */
public interface OpportunityCheck {

    List<SavingsOpportunity> find(SavingsInventory inventory, PriceTable prices);

    static boolean running(SavingsInventory.Instance instance) {
        return "running".equals(instance.state());
    }
}
