package io.log2.agents.awsusage;

import io.log2.insights.strategy.KeptHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;

/** The aws-usage agent's history: metric samples at the monitoring interval, costs at the Cost Explorer cadence. */
@ApplicationScoped
public class AwsUsageHistory implements KeptHistory {

    @Inject
    AwsUsageConfig config;

    @Override
    public String agent() {
        return AwsUsageAgent.NAME;
    }

    @Override
    public Set<Class<?>> metricTypes() {
        return Set.of(MetricSample.class, SampleFeatures.class);
    }

    @Override
    public Set<Class<?>> costTypes() {
        return Set.of(DailyCost.class, MonthToDate.class, ServiceCost.class, CostRecord.class);
    }

    @Override
    public Duration metricsEvery() {
        return config.aws().interval();
    }

    /**
     * How often Cost Explorer is really asked: at the first monitoring cycle after {@code log2.aws.cost-interval} has
     * passed, so a whole number of cycle intervals, at least one.
     */
    @Override
    public Duration costsEvery() {
        Duration cycle = config.aws().interval();
        long cycles = Math.max(1, (config.aws().costInterval().toSeconds() + cycle.toSeconds() - 1) / Math.max(1, cycle.toSeconds()));
        return cycle.multipliedBy(cycles);
    }
}
