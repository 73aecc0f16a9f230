package io.log2.logs;

import java.time.Instant;
import java.util.List;

/**
 * What a run returns: which rule-set version evaluated which facts, and what it did to the findings it touched
 * (at most {@link RunService#FINDINGS_SHOWN}; {@code moreFindings} links to the rest, null when all are shown).
 */
public record RunResult(String runId, String agent, int version, String status, List<String> problems, Instant startedAt,
                        long durationNanos, int factCount, int firingCount, List<RunFinding> findings,
                        String moreFindings) {
}
