package io.log2.insights.analysis;

import io.log2.logs.ConsequenceBuckets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long each rule's consequence took in the span, over all its firings including those that threw: the median and
 * the 95th percentile (as PERCENTILE_CONT defines them, linear between the two nearest firings, each firing read as
 * its {@link ConsequenceBuckets bucket}, so within {@value ConsequenceBuckets#RELATIVE_ERROR} of the exact figure),
 * the mean and the longest (exact), in nanoseconds.
 *
 * <p>The whole UTC days of the span are read from the {@code consequence_time} rows the firing writer keeps per
 * agent, day, rule and bucket (a few thousand rows for a month, however many firings); the parts of days at either
 * end, if any, from the firings themselves, counted in the same buckets.
 */
public final class ConsequenceTimes {

    static final String DAYS_SQL = "SELECT rule, bucket, SUM(firings), SUM(total_nanos), MAX(max_nanos)"
            + " FROM consequence_time WHERE agent = ? AND fired_on >= ? AND fired_on < ? GROUP BY rule, bucket";
    static final String EDGES_SQL = "SELECT rule, duration_nanos FROM firing WHERE agent = ? AND fired_at >= ? AND fired_at < ?"
            + " UNION ALL SELECT rule, duration_nanos FROM firing WHERE agent = ? AND fired_at >= ? AND fired_at < ?";

    public record RuleTime(String rule, long firings, double p50Nanos, double p95Nanos, long maxNanos, double meanNanos) {
    }

    /** A rule's firings per bucket, with their sum and longest. */
    private static final class Histogram {
        final TreeMap<Integer, long[]> buckets = new TreeMap<>(); // bucket -> {firings, max}
        long firings;
        long totalNanos;
        long maxNanos = Long.MIN_VALUE;

        void add(int bucket, long count, long total, long max) {
            long[] b = buckets.computeIfAbsent(bucket, k -> new long[] {0, Long.MIN_VALUE});
            b[0] += count;
            b[1] = Math.max(b[1], max);
            firings += count;
            totalNanos += total;
            maxNanos = Math.max(maxNanos, max);
        }

        /** PERCENTILE_CONT over the firings, each read as its bucket's representative. */
        double percentile(double q) {
            double at = q * (firings - 1);
            long low = (long) Math.floor(at);
            long high = (long) Math.ceil(at);
            double lowValue = valueAt(low);
            return lowValue + (at - low) * (valueAt(high) - lowValue);
        }

        /** The representative of the bucket holding the firing of 0-based rank {@code rank}. */
        private double valueAt(long rank) {
            long seen = 0;
            for (Map.Entry<Integer, long[]> e : buckets.entrySet()) {
                seen += e.getValue()[0];
                if (rank < seen) {
                    return ConsequenceBuckets.representative(e.getKey(), e.getValue()[1]);
                }
            }
            throw new IllegalStateException("rank " + rank + " beyond " + firings + " firings");
        }
    }

    private ConsequenceTimes() {
    }

    public static List<RuleTime> read(Connection connection, AnalysisSpan span) throws SQLException {
        Map<String, Histogram> rules = new TreeMap<>();
        // The whole UTC days in the span: from the first midnight at or after from to the last at or before to.
        LocalDate firstDay = LocalDate.ofInstant(span.from(), ZoneOffset.UTC);
        if (firstDay.atStartOfDay().toInstant(ZoneOffset.UTC).isBefore(span.from())) {
            firstDay = firstDay.plusDays(1);
        }
        LocalDate endDay = LocalDate.ofInstant(span.to(), ZoneOffset.UTC);
        Instant head;
        Instant tail;
        if (firstDay.isBefore(endDay)) {
            try (PreparedStatement statement = connection.prepareStatement(DAYS_SQL)) {
                statement.setString(1, span.agent());
                statement.setObject(2, firstDay);
                statement.setObject(3, endDay);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rules.computeIfAbsent(rs.getString(1), k -> new Histogram())
                                .add(rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
                    }
                }
            }
            head = firstDay.atStartOfDay().toInstant(ZoneOffset.UTC);
            tail = endDay.atStartOfDay().toInstant(ZoneOffset.UTC);
        } else {
            head = span.to();
            tail = span.to();
        }
        if (span.from().isBefore(head) || tail.isBefore(span.to())) {
            try (PreparedStatement statement = connection.prepareStatement(EDGES_SQL)) {
                statement.setString(1, span.agent());
                statement.setObject(2, OffsetDateTime.ofInstant(span.from(), ZoneOffset.UTC));
                statement.setObject(3, OffsetDateTime.ofInstant(head, ZoneOffset.UTC));
                statement.setString(4, span.agent());
                statement.setObject(5, OffsetDateTime.ofInstant(tail, ZoneOffset.UTC));
                statement.setObject(6, OffsetDateTime.ofInstant(span.to(), ZoneOffset.UTC));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        long nanos = rs.getLong(2);
                        rules.computeIfAbsent(rs.getString(1), k -> new Histogram())
                                .add(ConsequenceBuckets.of(nanos), 1, nanos, nanos);
                    }
                }
            }
        }
        List<RuleTime> out = new ArrayList<>();
        rules.forEach((rule, h) -> out.add(new RuleTime(rule, h.firings, Rows.round(h.percentile(0.5), 1),
                Rows.round(h.percentile(0.95), 1), h.maxNanos, Rows.round((double) h.totalNanos / h.firings, 1))));
        return out;
    }
}
