package io.log2.insights.strategy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the monitoring strategy, under {@code log2.strategy.}. */
@ConfigMapping(prefix = "log2.strategy")
public interface StrategyConfig {

    /** How many collection intervals may pass without new data before a rule's facts count as stopped. */
    @WithDefault("3")
    int staleIntervals();

    /** Two values differ when they are further apart than this share of the larger one (0.1: by more than 10%). */
    @WithDefault("0.1")
    double changeTolerance();

    /**
     * The longest interval recommended is one at which at most this share of value pairs that far apart differ
     * (0.5: a value read one interval later is still more likely the same than not).
     */
    @WithDefault("0.5")
    double maxChangeShare();

    /**
     * The longest interval recommended (1 day): the data may change slower, but a rule cannot raise an alert before its
     * facts are collected, so no collector is advised to wait longer.
     */
    @WithDefault("24h")
    java.time.Duration longestInterval();

    /** How far back the strategy looks when the request gives no {@code from}. */
    @WithDefault("30d")
    java.time.Duration defaultSpan();
}
