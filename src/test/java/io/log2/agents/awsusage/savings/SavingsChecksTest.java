package io.log2.agents.awsusage.savings;

import io.log2.pricing.PriceTable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.CostRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks' definitions at their boundaries, each saving worked out by hand from the bundled price table. */
class SavingsChecksTest {

    private static final PriceTable PRICES = PriceTable.bundled();
    private static final LocalDate FROM = LocalDate.parse("2026-11-01");
    private static final LocalDate TO = LocalDate.parse("2026-11-14");

    /** 14 days of which the first {@code idle} have CPU 10% and 5 MB of network (the limits), the rest CPU 50%. */
    private static SavingsInventory.Instance instance(String type, int idle, Double p95) {
        List<SavingsInventory.InstanceDay> days = new ArrayList<>();
        for (int d = 0; d < 14; d++) {
            days.add(d < idle ? new SavingsInventory.InstanceDay(FROM.plusDays(d), 10.0, 5_000_000.0)
                    : new SavingsInventory.InstanceDay(FROM.plusDays(d), 50.0, 1e9));
        }
        return new SavingsInventory.Instance("i-1", type, "running", days, p95);
    }

    private static SavingsInventory inventory(String region, List<SavingsInventory.Instance> instances,
                                              List<SavingsInventory.Volume> volumes,
                                              List<SavingsInventory.Database> databases) {
        return new SavingsInventory("111122223333", region, FROM, TO, instances, volumes, List.of(), databases);
    }

    @Test
    void anInstanceIdleOnFourOfFourteenDaysIsIdleAndOnThreeIsNot() {
        List<SavingsOpportunity> four = new IdleInstances().find(inventory("us-east-1", List.of(instance("t3.large", 4, 60.0)), List.of(), List.of()), PRICES);
        assertEquals(1, four.size());
        assertEquals(60.74, four.get(0).monthlySaving(), "t3.large $0.0832 × 730 = 60.736");
        assertTrue(new IdleInstances().find(inventory("us-east-1", List.of(instance("t3.large", 3, 60.0)), List.of(), List.of()), PRICES).isEmpty());
    }

    @Test
    void aDayJustAboveEitherLimitIsNotIdle() {
        SavingsInventory.Instance i = instance("t3.large", 3, null);
        List<SavingsInventory.InstanceDay> days = new ArrayList<>(i.days());
        days.set(3, new SavingsInventory.InstanceDay(FROM.plusDays(3), 10.01, 1.0));
        days.set(4, new SavingsInventory.InstanceDay(FROM.plusDays(4), 0.0, 5_000_001.0));
        days.set(5, new SavingsInventory.InstanceDay(FROM.plusDays(5), 1.0, null));
        SavingsInventory.Instance edged = new SavingsInventory.Instance("i-1", "t3.large", "running", days, null);
        assertEquals(3, IdleInstances.idleDays(edged));
        SavingsInventory.Instance stopped = new SavingsInventory.Instance("i-2", "t3.large", "stopped", instance("t3.large", 14, null).days(), null);
        assertTrue(new IdleInstances().find(inventory("us-east-1", List.of(stopped), List.of(), List.of()), PRICES).isEmpty());
    }

    @Test
    void oneSizeDownWhenTheP95IsAtMostFortyPercent() {
        // m5.xlarge → m5.large in eu-west-1: ($0.214 − $0.107) × 730 = 78.11
        List<SavingsOpportunity> at40 = new OverProvisionedInstances().find(inventory("eu-west-1", List.of(instance("m5.xlarge", 0, 40.0)), List.of(), List.of()), PRICES);
        assertEquals(1, at40.size());
        assertEquals(78.11, at40.get(0).monthlySaving());
        assertEquals("Resize m5.xlarge to m5.large", at40.get(0).recommendation());
        assertTrue(new OverProvisionedInstances().find(inventory("eu-west-1", List.of(instance("m5.xlarge", 0, 40.1)), List.of(), List.of()), PRICES).isEmpty());
        assertTrue(new OverProvisionedInstances().find(inventory("eu-west-1", List.of(instance("t3.nano", 0, 1.0)), List.of(), List.of()), PRICES).isEmpty(),
                "nothing smaller than nano");
        assertTrue(new OverProvisionedInstances().find(inventory("eu-west-1", List.of(instance("m5.xlarge", 4, 1.0)), List.of(), List.of()), PRICES).isEmpty(),
                "an idle instance is reported as idle, not as one size too big");
    }

    @Test
    void previousGenerationTypesMapToTheCurrentFamily() {
        assertEquals(Optional.of("m5.large"), InstanceTypes.currentGeneration("m4.large"));
        assertEquals(Optional.of("t3.micro"), InstanceTypes.currentGeneration("t2.micro"));
        assertEquals(Optional.empty(), InstanceTypes.currentGeneration("m5.large"));
        // m4.2xlarge → m5.2xlarge in eu-central-1: ($0.48 − $0.46) × 730 = 14.60
        List<SavingsOpportunity> found = new PreviousGenerationInstances().find(inventory("eu-central-1", List.of(instance("m4.2xlarge", 0, 90.0)), List.of(), List.of()), PRICES);
        assertEquals(14.60, found.get(0).monthlySaving());
        // a region the table does not hold: the opportunity without a price
        assertNull(new PreviousGenerationInstances().find(inventory("sa-east-1", List.of(instance("m4.2xlarge", 0, 90.0)), List.of(), List.of()), PRICES).get(0).monthlySaving());
    }

    @Test
    void volumes() {
        List<SavingsInventory.Volume> volumes = List.of(
                new SavingsInventory.Volume("vol-a", "gp2", 100, 300, "available", false),
                new SavingsInventory.Volume("vol-b", "gp2", 500, 1500, "in-use", true),
                new SavingsInventory.Volume("vol-c", "st1", 1000, null, "available", false),
                new SavingsInventory.Volume("vol-d", "gp3", 50, 3000, "in-use", true));
        List<SavingsOpportunity> unattached = new UnattachedVolumes().find(inventory("us-east-1", List.of(), volumes, List.of()), PRICES);
        // 100 GB gp2: 100 × $0.10 = 10.00; 1,000 GB st1: 1000 × $0.045 = 45.00
        assertEquals(List.of(10.00, 45.00), unattached.stream().map(SavingsOpportunity::monthlySaving).toList());
        List<SavingsOpportunity> gp3 = new Gp2Volumes().find(inventory("ap-southeast-1", List.of(), volumes, List.of()), PRICES);
        // only the attached gp2: 500 × ($0.12 − $0.096) = 12.00
        assertEquals(1, gp3.size());
        assertEquals("vol-b", gp3.get(0).resource());
        assertEquals(12.00, gp3.get(0).monthlySaving());
    }

    @Test
    void aDatabaseIsIdleAfterSevenDaysWithoutConnections() {
        List<SavingsInventory.DatabaseDay> seven = new ArrayList<>();
        for (int d = 0; d < 14; d++) {
            seven.add(new SavingsInventory.DatabaseDay(FROM.plusDays(d), d < 7 ? 5 : 0));
        }
        List<SavingsInventory.DatabaseDay> six = new ArrayList<>(seven);
        six.set(7, new SavingsInventory.DatabaseDay(FROM.plusDays(7), 1));
        var idle = new SavingsInventory.Database("db-idle", "db.m5.large", "postgres", "available", true, seven);
        var busy = new SavingsInventory.Database("db-busy", "db.m5.large", "postgres", "available", false, six);
        var young = new SavingsInventory.Database("db-young", "db.m5.large", "postgres", "available", false, seven.subList(8, 14));
        List<SavingsOpportunity> found = new IdleDatabases().find(inventory("us-east-1", List.of(), List.of(), List.of(idle, busy, young)), PRICES);
        assertEquals(1, found.size());
        // Multi-AZ db.m5.large PostgreSQL: 2 × $0.178 × 730 = 259.88
        assertEquals(259.88, found.get(0).monthlySaving());
        assertEquals(FROM.plusDays(7), found.get(0).from());
    }

    @Test
    void p95IsTheNearestRank() {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            values.add((double) i);
        }
        assertEquals(19.0, UsageMetrics.p95(values), "rank ⌈0.95 × 20⌉ = 19");
        assertNull(UsageMetrics.p95(List.of()));
    }

    @Test
    void steadyOnDemandUsageIsCoveredByASavingsPlanAtTheAssumedDiscount() {
        List<CostRecord> rows = new ArrayList<>();
        for (int d = 0; d < 14; d++) {
            LocalDate day = TO.minusDays(d);
            rows.add(new CostRecord(day, "111122223333", SteadyUsage.EC2_COMPUTE, "us-east-1", "USE1-BoxUsage:m5.large", d == 3 ? 24.0 : 36.0));
            rows.add(new CostRecord(day, "111122223333", SteadyUsage.EC2_COMPUTE, "us-east-1", "USE1-SpotUsage:m5.large", 100.0));
            rows.add(new CostRecord(day, "111122223333", "Amazon Simple Storage Service", "us-east-1", "TimedStorage-ByteHrs", 50.0));
        }
        // The smallest on-demand day is $24: $1.00 an hour; $1.00 × 730 × 25% = 182.50
        SavingsOpportunity plan = SteadyUsage.find("111122223333", rows, TO, PRICES).orElseThrow();
        assertEquals(0.25, PRICES.savingsPlanDiscount());
        assertEquals(182.50, plan.monthlySaving());
        assertTrue(plan.recommendation().contains("$0.7500 an hour"), plan.recommendation());
        // One day without on-demand compute: not steady
        assertTrue(SteadyUsage.find("111122223333", rows.stream().filter(r -> !(r.date().equals(TO) && r.usageType().contains("Box"))).toList(), TO, PRICES).isEmpty());
    }

    @Test
    void thePriceTableSaysWhereItsFiguresComeFromAndWhen() {
        assertEquals(LocalDate.parse("2026-11-26"), PRICES.asOf());
        assertTrue(PRICES.source().contains("aws.amazon.com/ec2/pricing/on-demand"), PRICES.source());
        for (String region : List.of("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1")) {
            for (String type : List.of("t3.micro", "m5.large", "c5.large", "r5.large")) {
                assertTrue(PRICES.ec2Hourly(region, type).isPresent(), region + " " + type);
            }
            for (String volume : List.of("gp2", "gp3", "io1", "st1", "sc1")) {
                assertTrue(PRICES.ebsGbMonth(region, volume).isPresent(), region + " " + volume);
            }
            assertTrue(PRICES.ipv4Hourly(region).isPresent(), region);
            assertTrue(PRICES.rdsHourly(region, "mysql", "db.t3.micro").isPresent(), region);
            assertTrue(PRICES.rdsHourly(region, "mariadb", "db.m5.large").isPresent(), region);
        }
        assertTrue(PRICES.ec2Hourly("us-east-1", "x9.huge").isEmpty());
    }
}
