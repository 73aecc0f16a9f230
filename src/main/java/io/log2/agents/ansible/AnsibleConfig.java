package io.log2.agents.ansible;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the ansible agent, under {@code log2.ansible.}. */
@ConfigMapping(prefix = "log2.ansible")
public interface AnsibleConfig {

    /** The folder watched for playbook results; imported files move to done/ or failed/ in it. */
    @WithDefault("imports/ansible")
    String importsDir();

    @WithDefault("5s")
    Duration scanInterval();

    /**
     * The most bytes of JSON a result may hold once decompressed: it is read whole into memory, so this is far below
     * the cost exports' limit ({@code log2.imports.max-uncompressed-bytes}), which also applies.
     */
    @WithDefault("67108864")
    long maxContentBytes();

    /** How many earlier runs of the same playbook a run's failure rate is compared with. */
    @WithDefault("5")
    int recentRuns();

    /**
     * How long before a metric anomaly of aws-usage a playbook run on the same host may have started to be named in
     * the anomaly's finding as a possible cause.
     */
    @WithDefault("2h")
    Duration linkWindow();

    Durations durations();

    /** How slow-task thresholds are computed from the stored task durations. */
    interface Durations {
        /** The fewest stored durations of a task before a threshold is proposed for it. */
        @WithDefault("5")
        int minSamples();

        /** The threshold is this many times the 95th percentile of the task's durations... */
        @WithDefault("1.5")
        double factor();

        /** ...and never below this many seconds, so that sub-second jitter raises nothing. */
        @WithDefault("1")
        double minSeconds();

        /** How many of a task's latest durations are used. */
        @WithDefault("100")
        int window();
    }
}
