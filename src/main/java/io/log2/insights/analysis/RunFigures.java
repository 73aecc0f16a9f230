package io.log2.insights.analysis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The span's runs: how many ended complete, partial (a source failed) or aborted (stopped at its limits), each with
 * the first and last; how long they took (median, 95th percentile, longest) and how many facts per second they
 * evaluated (over all runs, and the median run's); and why the aborted ones were stopped.
 */
public final class RunFigures {

    static final String BY_STATUS = "SELECT status, COUNT(*), MIN(started_at), MAX(started_at) FROM run"
            + " WHERE agent = ? AND started_at >= ? AND started_at < ? GROUP BY status ORDER BY status";
    static final String TIMES = "SELECT COUNT(*), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_nanos),"
            + " PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_nanos), MAX(duration_nanos), SUM(fact_count),"
            + " SUM(duration_nanos), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY CASE WHEN duration_nanos > 0"
            + " THEN fact_count * 1e9 / duration_nanos END)"
            + " FROM run WHERE agent = ? AND started_at >= ? AND started_at < ?";
    static final String ABORTED = "SELECT problems, COUNT(*), MIN(started_at), MAX(started_at) FROM run"
            + " WHERE agent = ? AND started_at >= ? AND started_at < ? AND status = 'aborted' GROUP BY problems";
    private static final String ABORTED_LINE = "aborted: ";

    public record Figures(long runs, List<StatusCount> byStatus, RunTimes times, List<Occurrences> aborted) {

        public long runsWith(String status) {
            return byStatus.stream().filter(s -> s.status().equals(status)).mapToLong(StatusCount::count).sum();
        }
    }

    public record StatusCount(String status, long count, Instant first, Instant last) {
    }

    public record RunTimes(long runs, Double p50Millis, Double p95Millis, Double maxMillis, Double factsPerSecond,
                           Double medianRunFactsPerSecond) {
    }

    /** Something that happened {@code count} times, first and last. */
    public record Occurrences(String type, long count, Instant first, Instant last) {

        Occurrences plus(long more, Instant at1, Instant at2) {
            return new Occurrences(type, count + more, at1.isBefore(first) ? at1 : first, at2.isAfter(last) ? at2 : last);
        }
    }

    private RunFigures() {
    }

    public static Figures read(Connection connection, AnalysisSpan span) throws SQLException {
        List<StatusCount> byStatus = new ArrayList<>();
        long runs = 0;
        try (PreparedStatement statement = connection.prepareStatement(BY_STATUS)) {
            span.bind(statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    byStatus.add(new StatusCount(rs.getString(1), rs.getLong(2), Rows.instant(rs, 3), Rows.instant(rs, 4)));
                    runs += rs.getLong(2);
                }
            }
        }
        RunTimes times;
        try (PreparedStatement statement = connection.prepareStatement(TIMES)) {
            span.bind(statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long facts = rs.getLong(5);
                long nanos = rs.getLong(6);
                Double median = Rows.number(rs, 7);
                times = new RunTimes(rs.getLong(1), millis(Rows.number(rs, 2)), millis(Rows.number(rs, 3)),
                        millis(Rows.number(rs, 4)), nanos == 0 ? null : Rows.round(facts * 1e9 / nanos, 1),
                        median == null ? null : Rows.round(median, 1));
            }
        }
        return new Figures(runs, byStatus, times, aborted(connection, span));
    }

    /** Aborted runs grouped by why they were stopped (the run's "aborted: …" problem line). */
    private static List<Occurrences> aborted(Connection connection, AnalysisSpan span) throws SQLException {
        Map<String, Occurrences> byReason = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(ABORTED)) {
            span.bind(statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String reason = reason(rs.getString(1));
                    Instant first = Rows.instant(rs, 3);
                    Instant last = Rows.instant(rs, 4);
                    long count = rs.getLong(2);
                    byReason.merge(reason, new Occurrences(reason, count, first, last),
                            (a, b) -> a.plus(b.count(), b.first(), b.last()));
                }
            }
        }
        return List.copyOf(byReason.values());
    }

    private static String reason(String problems) {
        if (problems != null) {
            for (String line : problems.split("\n")) {
                if (line.startsWith(ABORTED_LINE)) {
                    return line.substring(ABORTED_LINE.length());
                }
            }
        }
        return "not recorded";
    }

    private static Double millis(Double nanos) {
        return nanos == null ? null : Rows.round(nanos / 1e6, 3);
    }
}
