package io.log2.logs.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long the log keeps runs, firings and findings, under {@code log2.retention.}. */
@ConfigMapping(prefix = "log2.retention")
public interface RetentionConfig {

    /** How long runs, firings and findings are kept (a run by its start, a firing by its time). */
    @WithDefault("90d")
    Duration keep();

    /**
     * How long a label is learned from after it was given: the learners read a finding's current label only within
     * this window, so a labelled finding (and its runs and firings) is kept while its label is this young.
     */
    @WithDefault("365d")
    Duration labelWindow();

    /** Whether expiry runs by itself, every {@link #interval()}; {@code POST /api/retention/expire} always works. */
    @WithDefault("true")
    boolean scheduled();

    /** How often expiry runs (read by the scheduler as {@code log2.retention.interval}). */
    @WithDefault("1h")
    Duration interval();

    /** Rows removed per transaction: each batch commits on its own, so no lock is held long. */
    @WithDefault("1000")
    int batchSize();

    /** PostgreSQL: how many days of firing partitions exist ahead of today. */
    @WithDefault("7")
    int partitionsAhead();

    /**
     * PostgreSQL: how long expiry waits for the firing table's lock to detach a partition before it gives up until the
     * next pass: a detach waiting for its lock holds up the writer behind it, so the wait is kept short.
     */
    @WithDefault("500ms")
    Duration lockTimeout();
}
