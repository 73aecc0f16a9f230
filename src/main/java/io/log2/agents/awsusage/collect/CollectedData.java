package io.log2.agents.awsusage.collect;

import io.log2.agents.awsusage.ApiEvent;
import io.log2.agents.awsusage.CostForecast;
import io.log2.agents.awsusage.CostRecord;
import io.log2.agents.awsusage.MetricSample;
import io.log2.agents.awsusage.ResourceState;
import io.log2.agents.awsusage.instances.Ec2Instance;
import io.log2.agents.awsusage.savings.SavingsInventory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What collectors brought back. {@code capacities} maps a resource to its limit where a metric is judged
 * against one (an RDS instance's maximum connections). {@code readDownTo} is null when the whole window was read;
 * a collector that reads from the window's end and stopped early (CloudTrail at its cap) sets it to the oldest
 * instant it has read everything after. {@code savings} holds what the savings checks read, per account and region;
 * {@code instances} the EC2 instances with their addresses and names, terminated ones included.
 */
public record CollectedData(List<CostRecord> costs, List<CostForecast> forecasts, List<MetricSample> metrics,
                            List<ApiEvent> events, List<ResourceState> resources, Map<String, Double> capacities,
                            Instant readDownTo, List<SavingsInventory> savings,
                            List<Ec2Instance> instances) {

    public static CollectedData empty() {
        return new CollectedData(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new HashMap<>(), null, new ArrayList<>(), new ArrayList<>());
    }

    /** The same data, read from the window's end down to {@code instant} only. */
    public CollectedData readDownTo(Instant instant) {
        return new CollectedData(costs, forecasts, metrics, events, resources, capacities, instant, savings, instances);
    }

    /** Adds another collector's data to this one. */
    public CollectedData addAll(CollectedData other) {
        costs.addAll(other.costs);
        forecasts.addAll(other.forecasts);
        metrics.addAll(other.metrics);
        events.addAll(other.events);
        resources.addAll(other.resources);
        capacities.putAll(other.capacities);
        savings.addAll(other.savings);
        instances.addAll(other.instances);
        return this;
    }
}
