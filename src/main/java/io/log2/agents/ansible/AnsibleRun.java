package io.log2.agents.ansible;

import java.time.Instant;

/**
 * A playbook run as a whole. {@code mode} is {@value #RUN}, or {@value #CHECK} for a check of a configuration that
 * was applied already (nothing should change). {@code failureRate} is the percentage of hosts that failed or were
 * unreachable; {@code recentFailureRate} the mean of that percentage over the {@code previousRuns} runs of the same
 * playbook imported before this one (null when there are none). {@code resource} is the playbook.
 */
public record AnsibleRun(String playbook, String mode, String resource, int hosts, int failedHosts, int unreachableHosts,
                         int tasks, double failureRate, int previousRuns, Double recentFailureRate, Instant startedAt,
                         Instant endedAt) {

    public static final String RUN = "run";
    public static final String CHECK = "check";
}
