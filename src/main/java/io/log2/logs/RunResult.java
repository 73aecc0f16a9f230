package io.log2.logs;

import io.log2.logic.Finding;
import java.time.Instant;
import java.util.List;

/** What a run returns: which rule-set version evaluated which facts, and what it found. */
public record RunResult(String runId, String agent, int version, String status, List<String> problems, Instant startedAt,
                        long durationNanos, int factCount, int firingCount, List<Finding> findings) {
}
