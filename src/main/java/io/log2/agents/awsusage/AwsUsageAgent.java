package io.log2.agents.awsusage;

import io.log2.logic.Agent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Watches an AWS account's cost, resources, security and performance. Its rules live in {@code rules/aws-usage/}. */
@ApplicationScoped
public class AwsUsageAgent implements Agent {

    public static final String NAME = "aws-usage";

    private static final Map<String, Class<? extends Record>> FACT_TYPES = Map.of(
            "MetricSample", MetricSample.class,
            "DailyCost", DailyCost.class,
            "MonthToDate", MonthToDate.class,
            "ServiceCost", ServiceCost.class,
            "CostRecord", CostRecord.class,
            "ApiEvent", ApiEvent.class,
            "ResourceState", ResourceState.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Class<? extends Record>> factTypes() {
        return FACT_TYPES;
    }
}
