package io.log2.agents.awsusage;

import io.log2.agents.awsusage.savings.SavingsCollector;
import io.log2.agents.awsusage.savings.SavingsOpportunity;
import io.log2.logic.Agent;
import io.log2.logic.FactSubject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Watches an AWS account's cost, resources, security and performance. Its rules live in {@code rules/aws-usage/}. */
@ApplicationScoped
public class AwsUsageAgent implements Agent {

    public static final String NAME = "aws-usage";

    private static final Map<String, Class<? extends Record>> FACT_TYPES = Map.of(
            "MetricSample", MetricSample.class,
            "SampleFeatures", SampleFeatures.class,
            "DailyCost", DailyCost.class,
            "MonthToDate", MonthToDate.class,
            "ServiceCost", ServiceCost.class,
            "CostRecord", CostRecord.class,
            "CostProjection", CostProjection.class,
            "ApiEvent", ApiEvent.class,
            "ResourceState", ResourceState.class,
            "SavingsOpportunity", SavingsOpportunity.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Class<? extends Record>> factTypes() {
        return FACT_TYPES;
    }

    /**
     * A metric sample and its features report on their series at the sample's timestamp; a resource's state on that resource; a day's or
     * month's cost on that account's period (so a day re-evaluated updates its own finding, and the next day raises
     * one of its own). A CloudTrail event is an event: its findings are counted, never resolved by a later fact.
     */
    @Override
    public FactSubject subjectOf(Object fact) {
        if (fact instanceof MetricSample s) {
            return new FactSubject(Arrays.asList("MetricSample", s.namespace(), s.metric(), s.resource()), null, s.timestamp());
        }
        if (fact instanceof SampleFeatures s) {
            return new FactSubject(Arrays.asList("SampleFeatures", s.namespace(), s.metric(), s.resource()), null, s.timestamp());
        }
        if (fact instanceof ResourceState r) {
            return new FactSubject(Arrays.asList("ResourceState", r.resourceType(), r.resource()), null, null);
        }
        if (fact instanceof DailyCost d) {
            String day = String.valueOf(d.date());
            return new FactSubject(Arrays.asList("DailyCost", d.account(), day), day, null);
        }
        if (fact instanceof MonthToDate m) {
            String month = String.valueOf(m.month());
            return new FactSubject(Arrays.asList("MonthToDate", m.account(), month), month, null);
        }
        if (fact instanceof ServiceCost c) {
            String month = String.valueOf(c.month());
            return new FactSubject(Arrays.asList("ServiceCost", c.account(), month, c.service()), month, null);
        }
        if (fact instanceof SavingsOpportunity o) {
            return new FactSubject(Arrays.asList("SavingsOpportunity", o.kind(), o.account(), o.region(), o.resource()), null, null);
        }
        if (fact instanceof CostProjection p) {
            return new FactSubject(Arrays.asList("CostProjection", p.account(), p.label()), p.label(), null);
        }
        if (fact instanceof ApiEvent e) {
            return new FactSubject(null, null, e.time());
        }
        return FactSubject.NONE;
    }

    /**
     * The fact types a monitoring cycle holds completely: the resource states when every inventory collector
     * ({@code inventory@<region>[/<role>]}) succeeded, so that a finding on a resource the inventory no longer shows
     * is resolved; likewise the savings opportunities when every savings collector ran and succeeded.
     */
    public static Set<Class<?>> completeTypes(Map<String, String> collectorOutcomes, String ok) {
        Set<Class<?>> complete = new HashSet<>();
        if (allOk(collectorOutcomes, "inventory@", ok)) {
            complete.add(ResourceState.class);
        }
        // A savings scan runs once a day: only a cycle in which every one ran holds all opportunities.
        if (allOk(collectorOutcomes, SavingsCollector.NAME + "@", ok)) {
            complete.add(SavingsOpportunity.class);
        }
        return Set.copyOf(complete);
    }

    private static boolean allOk(Map<String, String> collectorOutcomes, String prefix, String ok) {
        var outcomes = collectorOutcomes.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).toList();
        return !outcomes.isEmpty() && outcomes.stream().allMatch(e -> ok.equals(e.getValue()));
    }
}
