package io.log2.intelligence;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of learning inside the service, under {@code log2.learning.}. */
@ConfigMapping(prefix = "log2.learning")
public interface LearningConfig {

    /** Whether the service learns from every agent's labelled history by itself, every {@link #interval}. */
    @WithDefault("false")
    boolean scheduled();

    /** How often scheduled learning runs (read by the scheduler as {@code log2.learning.interval}). */
    @WithDefault("24h")
    Duration interval();
}
