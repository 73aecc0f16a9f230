package io.log2.agents.ansible.imports;

import java.time.Instant;
import java.util.List;

/**
 * What a result file says, before it becomes facts: the recap of each host, each task's result on each host in the
 * order they ran, and when the run started and ended (null when the file does not say).
 */
public record PlaybookResult(String format, List<HostStats> hosts, List<Outcome> outcomes, Instant startedAt,
                             Instant endedAt) {

    public static final String JSON = "json";
    public static final String EVENTS = "events";

    public PlaybookResult {
        hosts = List.copyOf(hosts);
        outcomes = List.copyOf(outcomes);
    }

    /** One host's recap counts. */
    public record HostStats(String host, int ok, int changed, int failed, int unreachable, int skipped, int rescued,
                            int ignored) {
    }

    /**
     * One task's result on one host. {@code ignoreErrors} is what the result itself says (null when it says nothing,
     * as results of the {@code json} callback do); {@code start}/{@code end} are the task's.
     */
    public record Outcome(String play, String task, String host, String action, boolean changed, boolean failed,
                          boolean skipped, boolean unreachable, Boolean ignoreErrors, Instant start, Instant end,
                          String message) {
    }
}
