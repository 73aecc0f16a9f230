package io.log2.agents.terraform.plan;

import io.log2.agents.terraform.CostChange;
import io.log2.agents.terraform.PlanCost;
import io.log2.agents.terraform.ResourceChange;
import io.log2.pricing.PriceTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Prices the planned changes of EC2 instances (on-demand Linux hours), EBS volumes (GB-months, and provisioned
 * IOPS of io1) and RDS instances (instance hours, Single-AZ rates doubled for Multi-AZ; storage not priced) from
 * the bundled {@link PriceTable}, a month being the table's hours per month; created usage-based resources (S3
 * buckets, Lambda functions) from {@link UsagePrices}, the account's own history.
 */
final class ChangeCosts {

    static final Set<String> PRICED_TYPES = Set.of("aws_instance", "aws_ebs_volume", "aws_db_instance");

    /** A side of a change that has a price, or why it has none. */
    private record Price(Double monthly, String what, String unpriced, boolean unknown) {

        static Price none() {
            return new Price(0.0, "nothing", null, false);
        }
    }

    private final PriceTable prices;
    private final UsagePrices usage;

    ChangeCosts(PriceTable prices, UsagePrices usage) {
        this.prices = prices;
        this.usage = usage;
    }

    /** The cost of one change, or null when it is not priced (another type, a read, no change of size). */
    CostChange of(ResourceChange c) {
        if (!"managed".equals(c.mode())) {
            return null;
        }
        if (!PRICED_TYPES.contains(c.type())) {
            return usageBased(c);
        }
        boolean before = List.of(ResourceChange.UPDATE, ResourceChange.REPLACE, ResourceChange.DELETE).contains(c.action());
        boolean after = List.of(ResourceChange.CREATE, ResourceChange.UPDATE, ResourceChange.REPLACE).contains(c.action());
        if (!before && !after) {
            return null;
        }
        Price was = before ? price(c.type(), c.before(), List.of(), c.region()) : Price.none();
        Price will = after ? price(c.type(), c.after(), c.unknown(), c.region()) : Price.none();
        if (ResourceChange.UPDATE.equals(c.action()) && Objects.equals(was.what(), will.what())) {
            return null;
        }
        String unpriced = was.unpriced() != null ? was.unpriced() : will.unpriced();
        if (unpriced != null) {
            return new CostChange(c.plan(), c.resource(), c.type(), c.action(), c.region(), was.what(), will.what(), null, null, null,
                    unpriced, was.unknown() || will.unknown());
        }
        return new CostChange(c.plan(), c.resource(), c.type(), c.action(), c.region(), was.what(), will.what(), round(was.monthly()),
                round(will.monthly()), round(will.monthly() - was.monthly()), null, false);
    }

    /**
     * A created usage-based resource (or the new one of a replacement, which costs what the old one did and adds
     * nothing) priced per resource from the account's history, or null for other types and actions.
     */
    private CostChange usageBased(ResourceChange c) {
        if (!ResourceChange.CREATE.equals(c.action())) {
            return null;
        }
        return usage.perResource(c.type()).map(e -> e.monthly() == null
                ? new CostChange(c.plan(), c.resource(), c.type(), c.action(), c.region(), "nothing", null, null, null, null,
                        e.source(), false)
                : new CostChange(c.plan(), c.resource(), c.type(), c.action(), c.region(), "nothing", e.source(), 0.0,
                        e.monthly(), e.monthly(), null, false)).orElse(null);
    }

    /** The plan's cost: the priced increases summed, and how many changes could not be priced. */
    static PlanCost total(String planName, List<CostChange> changes) {
        double sum = changes.stream().filter(c -> c.monthlyIncrease() != null).mapToDouble(CostChange::monthlyIncrease).sum();
        int priced = (int) changes.stream().filter(c -> c.monthlyIncrease() != null).count();
        return new PlanCost(planName, round(sum), priced, changes.size() - priced);
    }

    private Price price(String type, Map<String, Object> values, List<String> unknown, String region) {
        if (values == null) {
            return Price.none();
        }
        return switch (type) {
            case "aws_instance" -> {
                String missing = missing(values, unknown, "instance_type");
                yield missing != null ? unknownPrice(missing)
                        : hourly(prices.ec2Hourly(region, text(values, "instance_type")), text(values, "instance_type") + " in " + region, 1);
            }
            case "aws_db_instance" -> {
                String missing = missing(values, unknown, "instance_class", "engine");
                if (missing != null) {
                    yield unknownPrice(missing);
                }
                boolean multiAz = Boolean.TRUE.equals(values.get("multi_az"));
                String what = text(values, "engine") + " " + text(values, "instance_class") + (multiAz ? " Multi-AZ" : "") + " in " + region;
                yield hourly(prices.rdsHourly(region, text(values, "engine"), text(values, "instance_class")), what, multiAz ? 2 : 1);
            }
            case "aws_ebs_volume" -> {
                String missing = missing(values, unknown, "size", "type");
                if (missing != null) {
                    yield unknownPrice(missing);
                }
                String volumeType = text(values, "type");
                double size = ((Number) values.get("size")).doubleValue();
                OptionalDouble gb = prices.ebsGbMonth(region, volumeType);
                String what = volumeType + " " + Math.round(size) + " GB in " + region;
                if (gb.isEmpty()) {
                    yield notInTable(what);
                }
                double monthly = gb.getAsDouble() * size;
                if ("io1".equals(volumeType.toLowerCase(Locale.ROOT)) && values.get("iops") instanceof Number iops) {
                    OptionalDouble perIops = prices.io1IopsMonth(region);
                    if (perIops.isEmpty()) {
                        yield notInTable(what + " with " + iops + " IOPS");
                    }
                    monthly += perIops.getAsDouble() * iops.doubleValue();
                    what += " with " + iops + " IOPS";
                }
                yield new Price(monthly, what, null, false);
            }
            default -> Price.none();
        };
    }

    /** The first attribute the price needs that the plan cannot give: known only after apply, or not set. */
    private static String missing(Map<String, Object> values, List<String> unknown, String... attributes) {
        for (String a : attributes) {
            if (unknown.contains(a)) {
                return a + " is known only after apply";
            }
            if (values.get(a) == null) {
                return a + " is not set";
            }
        }
        return null;
    }

    private Price hourly(OptionalDouble rate, String what, int factor) {
        return rate.isPresent() ? new Price(prices.monthly(rate.getAsDouble()) * factor, what, null, false) : notInTable(what);
    }

    private Price notInTable(String what) {
        return new Price(null, what, "the price table (as of " + prices.asOf() + ") has no price for " + what, false);
    }

    private static Price unknownPrice(String reason) {
        return new Price(null, null, reason, reason.endsWith("after apply"));
    }

    private static String text(Map<String, Object> values, String key) {
        Object v = values.get(key);
        return v == null ? null : v.toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
