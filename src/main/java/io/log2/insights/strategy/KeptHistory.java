package io.log2.insights.strategy;

import java.time.Duration;
import java.util.Set;

/**
 * The history an agent keeps of its facts in the history tables ({@code metric_history}, {@code cost_history}), as the
 * monitoring strategy reads it: which of the agent's fact types are kept there and how often such facts arrive. An
 * agent that keeps history implements it as a CDI bean (found through {@code @Any Instance<KeptHistory>}); for an agent
 * without one, the strategy's coverage, freshness and cadence sections are empty.
 */
public interface KeptHistory {

    /** The agent whose history this is. */
    String agent();

    /** The fact types whose history is the metric samples ({@code metric_history}). */
    Set<Class<?>> metricTypes();

    /** The fact types whose history is the daily costs ({@code cost_history}). */
    Set<Class<?>> costTypes();

    /** How often a new metric sample arrives. */
    Duration metricsEvery();

    /** How often new costs are asked for. */
    Duration costsEvery();
}
