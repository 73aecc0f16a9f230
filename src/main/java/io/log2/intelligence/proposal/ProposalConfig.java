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

    /**
     * Whether a validated proposal may be approved without a person: only when its backtest, against labelled
     * findings, gains at least {@link #autoApproveMinGain} precision and loses no recall.
     */
    @WithDefault("false")
    boolean autoApprove();

    /** The precision a backtest must gain (0.1: ten points) for a proposal to be approved automatically. */
    @WithDefault("0.1")
    double autoApproveMinGain();

    /**
     * How many of its last runs a backtest replays for an agent whose fact types are declared in its DRL (the
     * facts posted to each run are kept with it); agents with a history of their own replay that instead.
     */
    @WithDefault("200")
    int replayRuns();

    /** How many runs of the new version are watched after a deployment before it is kept. */
    @WithDefault("3")
    int watchRuns();

    /**
     * How much worse than the backtest's promise the live alert volume may turn out (0.25: a quarter of the replaced
     * version's alerts), or the precision of its alerts labelled useful or noise below the backtest's (0.25: by a
     * quarter), before the deployment is rolled back.
     */
    @WithDefault("0.25")
    double watchTolerance();
}
