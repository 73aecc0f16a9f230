package io.log2.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The service's own settings, all under {@code log2.} in application.properties or as LOG2_* variables. */
@ConfigMapping(prefix = "log2")
public interface Log2Config {

    /** The folder holding one sub-folder of rule files per agent. */
    @WithDefault("rules")
    String rulesDir();

    /** How often the rules folders are checked for edits. */
    @WithDefault("1s")
    Duration rulesScanInterval();

    /** The first admin's password; when unset on first start, one is generated and printed once. */
    Optional<String> adminPassword();

    /** The largest request body accepted, in bytes (a larger one is a 413). */
    @WithDefault("10485760")
    long maxBodyBytes();

    /** Runs waiting for the log writer before a new run waits. */
    @WithDefault("64")
    int writerQueue();

    /** How long a run waits for its firings to be committed. */
    @WithDefault("60s")
    Duration commitTimeout();

    /** The limits of one run; a run that reaches one is stopped and logged as aborted. */
    Run run();

    interface Run {

        /** Rule firings in one run (and findings); a rule that fires again and again is stopped there. */
        @WithDefault("1000000")
        int maxFirings();

        /** Wall-clock time one run may evaluate for. */
        @WithDefault("30s")
        Duration maxTime();
    }
}
