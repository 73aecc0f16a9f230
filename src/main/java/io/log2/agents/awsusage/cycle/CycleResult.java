package io.log2.agents.awsusage.cycle;

import java.time.Instant;
import java.util.Map;

/** How a cycle went: its status, each collector's outcome, the facts it evaluated and the run it made (if any). */
public record CycleResult(long id, String status, Instant startedAt, Instant finishedAt, Map<String, String> collectors,
                          int facts, String runId, Integer findings) {
}
