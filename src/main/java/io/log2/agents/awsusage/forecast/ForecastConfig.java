package io.log2.agents.awsusage.forecast;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the cost forecasts, under {@code log2.forecast.}. */
@ConfigMapping(prefix = "log2.forecast")
public interface ForecastConfig {

    /**
     * The monthly budget in USD that the forecast's breach probabilities and spike risks are held against (a quarter
     * against three); the rules' Budget cells are the rules' own.
     */
    @WithDefault("150")
    double monthlyBudget();

    /** How many days of history, up to the last, the model is fitted to. */
    @WithDefault("182")
    int historyDays();

    /** The fewest days of history a forecast is made from; below it the forecast is refused. */
    @WithDefault("14")
    int minDays();

    /** Services less likely than this to take the account over budget are not listed as spike risks. */
    @WithDefault("0.05")
    double spikeRiskMin();
}
