package io.log2.agents.awsusage.savings;

import io.log2.pricing.PriceTable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * RDS instances with no connections for 7 days: each of the last 7 days reported has a peak
 * {@code DatabaseConnections} of 0, and 7 days were reported. The saving is the instance hours (Multi-AZ at twice
 * the Single-AZ rate); storage, which a stopped or snapshotted database still pays for in part, is not counted.
 */
public final class IdleDatabases implements OpportunityCheck {

    public static final int IDLE_DAYS = 7;

    @Override
    public List<SavingsOpportunity> find(SavingsInventory inventory, PriceTable prices) {
        List<SavingsOpportunity> out = new ArrayList<>();
        for (SavingsInventory.Database db : inventory.databases()) {
            if (!"available".equals(db.status())) {
                continue;
            }
            List<SavingsInventory.DatabaseDay> last = db.days().stream()
                    .sorted(Comparator.comparing(SavingsInventory.DatabaseDay::day).reversed()).limit(IDLE_DAYS).toList();
            if (last.size() < IDLE_DAYS || last.stream().anyMatch(d -> d.maxConnections() > 0)) {
                continue;
            }
            OptionalDouble hourly = prices.rdsHourly(inventory.region(), db.engine(), db.instanceClass());
            Double saving = hourly.isPresent()
                    ? SavingsOpportunity.cents(prices.monthly(hourly.getAsDouble() * (db.multiAz() ? 2 : 1))) : null;
            var from = last.get(last.size() - 1).day();
            var to = last.get(0).day();
            out.add(new SavingsOpportunity(SavingsOpportunity.IDLE_DATABASE, inventory.account(), inventory.region(),
                    "AWS::RDS::DBInstance", db.id(), String.format(Locale.ROOT,
                    "peak DatabaseConnections 0 on each of the %d days from %s to %s", IDLE_DAYS, from, to),
                    "Stop the " + db.instanceClass() + " " + db.engine() + " instance, or snapshot and delete it",
                    saving, from, to));
        }
        return out;
    }
}
