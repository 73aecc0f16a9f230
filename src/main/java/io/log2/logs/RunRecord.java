package io.log2.logs;

import io.log2.logic.Finding;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything one run leaves in the log, handed to the writer as a unit: the run, its findings, its firings, and the
 * facts the finding log reads to recognise a condition seen again. Once committed, {@code loggedFindings} holds what
 * the run did to each finding it touched.
 */
public record RunRecord(String runId, String agent, int version, Instant startedAt, long durationNanos, int factCount,
                        List<Finding> findings, List<CapturedFiring> firings, List<String> problems,
                        CompletableFuture<Void> committed, RunFacts facts,
                        AtomicReference<List<RunFinding>> loggedFindings, boolean aborted) {

    /** A run given all its facts. */
    public static final String COMPLETE = "complete";
    /** A run that went ahead without the facts of a source that failed; {@code problems} says which and why. */
    public static final String PARTIAL = "partial";
    /**
     * A run stopped at its limits (firings, findings or time, {@code log2.run.*}): what it fired until then is
     * logged, and {@code problems} says why it was stopped.
     */
    public static final String ABORTED = "aborted";

    public RunRecord(String runId, String agent, int version, Instant startedAt, long durationNanos, int factCount,
                     List<Finding> findings, List<CapturedFiring> firings, List<String> problems,
                     CompletableFuture<Void> committed) {
        this(runId, agent, version, startedAt, durationNanos, factCount, findings, firings, problems, committed,
                RunFacts.NONE, new AtomicReference<>(List.of()), false);
    }

    public RunRecord(String runId, String agent, int version, Instant startedAt, long durationNanos, int factCount,
                     List<Finding> findings, List<CapturedFiring> firings) {
        this(runId, agent, version, startedAt, durationNanos, factCount, findings, firings, List.of(),
                new CompletableFuture<>());
    }

    /** {@value #ABORTED} when stopped at its limits, {@value #PARTIAL} when a source failed, else {@value #COMPLETE}. */
    public String status() {
        return aborted ? ABORTED : problems.isEmpty() ? COMPLETE : PARTIAL;
    }
}
