package io.log2.agents.awsusage.savings;

import io.log2.pricing.PriceTable;

import io.log2.agents.awsusage.history.CostHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns each savings scan into opportunities: the checks over the account's resources and usage in the region,
 * and, once per account, its steady on-demand usage from the cost history. Each scope's stored opportunities are
 * replaced; what is returned becomes facts of the cycle's run.
 */
@ApplicationScoped
public class SavingsChecks {

    static final List<OpportunityCheck> CHECKS = List.of(new IdleInstances(), new UnattachedVolumes(),
            new IdleDatabases(), new UnassociatedAddresses(), new OverProvisionedInstances(), new Gp2Volumes(),
            new PreviousGenerationInstances());

    private final PriceTable prices = PriceTable.bundled();

    @Inject
    SavingsStore store;
    @Inject
    CostHistory history;

    public PriceTable prices() {
        return prices;
    }

    /** The opportunities of one scan, from the checks alone. */
    public List<SavingsOpportunity> find(SavingsInventory inventory) {
        List<SavingsOpportunity> out = new ArrayList<>();
        for (OpportunityCheck check : CHECKS) {
            out.addAll(check.find(inventory, prices));
        }
        return out;
    }

    /** Finds, stores and returns the opportunities of the scans. */
    public List<SavingsOpportunity> record(List<SavingsInventory> scans, Instant now) {
        List<SavingsOpportunity> all = new ArrayList<>();
        Set<String> accounts = new LinkedHashSet<>();
        for (SavingsInventory scan : scans) {
            List<SavingsOpportunity> found = find(scan);
            store.replace(scan.account(), scan.region(), found, now);
            all.addAll(found);
            if (accounts.add(scan.account())) {
                List<SavingsOpportunity> plan = SteadyUsage.find(scan.account(),
                        history.costs(scan.account(), scan.to().minusDays(SteadyUsage.DAYS - 1), scan.to()), scan.to(), prices)
                        .stream().toList();
                store.replace(scan.account(), null, plan, now);
                all.addAll(plan);
            }
        }
        return all;
    }
}
