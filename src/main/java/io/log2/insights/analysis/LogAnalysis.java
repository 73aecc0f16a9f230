package io.log2.insights.analysis;

import io.log2.insights.analysis.ConsequenceTimes.RuleTime;
import io.log2.insights.analysis.CycleFigures.CollectorFailure;
import io.log2.insights.analysis.FindingLabels.RuleLabels;
import io.log2.insights.analysis.FiringPatterns.Patterns;
import io.log2.insights.analysis.RuleExceptions.RuleException;
import io.log2.insights.analysis.RunFigures.Occurrences;
import io.log2.insights.analysis.RunFigures.RunTimes;
import io.log2.insights.analysis.RunFigures.StatusCount;
import io.log2.logs.ConsequenceBuckets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis of one agent's log over a span: patterns, performance, errors and success, each read by its own
 * queries on one connection in one read-only transaction at repeatable read, so that every part sees the same log.
 * {@code millis} says how long each part took.
 */
public final class LogAnalysis {

    public record Analysis(String agent, Instant from, Instant to, long runs, Patterns patterns, Performance performance,
                           Errors errors, Success success, Map<String, Long> millis) {
    }

    /**
     * Consequence times per rule, whose percentiles are read from log-scale buckets and are within
     * {@code rulePercentileError} (a fraction) of the exact figure; run durations and facts per second; cycle and
     * collection times in seconds.
     */
    public record Performance(List<RuleTime> rules, double rulePercentileError, RunTimes runs,
                              CycleFigures.Times cycleSeconds, CycleFigures.Times collectionSeconds) {
    }

    public record Errors(List<RuleException> ruleExceptions, List<Occurrences> abortedRuns,
                         List<CollectorFailure> collectorFailures) {
    }

    /** The share of the span's runs that were complete, runs and cycles by status, and labels per rule. */
    public record Success(long runs, long completeRuns, Double completeShare, List<StatusCount> runsByStatus,
                          List<StatusCount> cyclesByStatus, List<RuleLabels> labels) {
    }

    private LogAnalysis() {
    }

    /** Analyses the span; {@code activeRules} are the rule names of the agent's active version. */
    public static Analysis analyse(Connection connection, AnalysisSpan span, Collection<String> activeRules)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try {
            tune(connection);
            Map<String, Long> millis = new LinkedHashMap<>();
            Timer timer = new Timer(millis);
            RunFigures.Figures runs = timer.time("runs", () -> RunFigures.read(connection, span));
            Patterns patterns = timer.time("patterns", () -> FiringPatterns.read(connection, span, runs.runs(), activeRules));
            List<RuleTime> times = timer.time("consequenceTimes", () -> ConsequenceTimes.read(connection, span));
            List<RuleException> exceptions = timer.time("ruleExceptions", () -> RuleExceptions.read(connection, span));
            CycleFigures.Figures cycles = timer.time("cycles", () -> CycleFigures.read(connection, span));
            List<RuleLabels> labels = timer.time("labels", () -> FindingLabels.read(connection, span));
            connection.commit();
            long complete = runs.runsWith("complete");
            return new Analysis(span.agent(), span.from(), span.to(), runs.runs(), patterns,
                    new Performance(times, ConsequenceBuckets.RELATIVE_ERROR, runs.times(), cycles.cycleSeconds(),
                            cycles.collectionSeconds()),
                    new Errors(exceptions, runs.aborted(), cycles.collectorFailures()),
                    new Success(runs.runs(), complete, Rows.share(complete, runs.runs()), runs.byStatus(),
                            cycles.byStatus(), labels),
                    millis);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setReadOnly(false);
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * On PostgreSQL, for this transaction only: no JIT compilation (it costs more time than it saves on these short
     * queries), memory for the hash aggregates and joins over a span's run_rule rows, and hash joins only.
     */
    static void tune(Connection connection) throws SQLException {
        if (connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL jit = off");
                statement.execute("SET LOCAL work_mem = '64MB'");
                // Co-firing pairs join the span's run_rule rows on their run: hashing the run ids is far cheaper than
                // the merge join the planner picks, which sorts them twice in the text collation.
                statement.execute("SET LOCAL enable_mergejoin = off");
            }
        }
    }

    /** Times each part of an analysis, in milliseconds, in the order they ran. */
    private record Timer(Map<String, Long> millis) {

        interface Part<T> {
            T read() throws SQLException;
        }

        <T> T time(String name, Part<T> part) throws SQLException {
            long start = System.nanoTime();
            T result = part.read();
            millis.put(name, (System.nanoTime() - start) / 1_000_000);
            return result;
        }
    }
}
