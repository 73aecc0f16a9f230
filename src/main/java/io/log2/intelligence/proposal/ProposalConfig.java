package io.log2.intelligence.proposal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of proposals, their validation and their process, under {@code log2.proposals.}. */
@ConfigMapping(prefix = "log2.proposals")
public interface ProposalConfig {

    /**
     * How much precision or recall against the labels a proposal may lose in its backtest (0.05: five points)
     * before it is refused.
     */
    @WithDefault("0.05")
    double tolerance();

    /** How much a proposal may raise the backtest's alert volume (0.5: by half) before it is refused. */
    @WithDefault("0.5")
    double maxAlertIncrease();
}
