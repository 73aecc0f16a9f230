package io.log2.insights.strategy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;

/**
 * Counts in the database how the stored history changes: the series and points of the span, the data's resolution,
 * and the pairs of values {@code lag} points apart in the same series that differ by more than a relative tolerance
 * ({@code |b - a| > tolerance * max(|a|, |b|)}, so two zeros are the same). Metric series are a namespace, metric and
 * resource; cost series an account's service, its day's cost summed over regions and usage types.
 */
final class ChangeCounts {

    private static final String METRICS = "SELECT namespace AS s1, metric AS s2, resource AS s3, ts AS t, measured AS x "
            + "FROM metric_history WHERE ts >= ? AND ts < ?";
    private static final String COSTS = "SELECT account AS s1, service AS s2, '' AS s3, usage_date AS t, SUM(amount) AS x "
            + "FROM cost_history WHERE usage_date >= ? AND usage_date <= ? GROUP BY account, service, usage_date";

    enum Kind { METRICS, COSTS }

    private final Connection c;
    private final Span span;
    private final Kind kind;

    ChangeCounts(Connection c, Span span, Kind kind) {
        this.c = c;
        this.span = span;
        this.kind = kind;
    }

    private String series() {
        return kind == Kind.METRICS ? METRICS : COSTS;
    }

    private void bindSpan(PreparedStatement ps, int first) throws SQLException {
        if (kind == Kind.METRICS) {
            ps.setObject(first, span.from().atOffset(ZoneOffset.UTC));
            ps.setObject(first + 1, span.to().atOffset(ZoneOffset.UTC));
        } else {
            ps.setObject(first, span.firstDay());
            ps.setObject(first + 1, span.lastDay());
        }
    }

    /** How many series and points the span holds. */
    long[] seriesAndPoints() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(n), 0) FROM (SELECT s1, s2, s3, "
                + "COUNT(*) AS n FROM (" + series() + ") d GROUP BY s1, s2, s3) g")) {
            bindSpan(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** The median time between consecutive points of a series, in seconds; null without two points in a series. */
    Double metricResolutionSeconds() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY g) FROM ("
                + "SELECT EXTRACT(EPOCH FROM t) - EXTRACT(EPOCH FROM LAG(t) OVER (PARTITION BY s1, s2, s3 ORDER BY t)) AS g "
                + "FROM (" + METRICS + ") d) p WHERE g IS NOT NULL")) {
            bindSpan(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                double v = rs.getDouble(1);
                return rs.wasNull() ? null : v;
            }
        }
    }

    /** Pairs of values {@code lag} points apart in the same series, and how many of them differ. */
    long[] pairs(int lag, double tolerance) throws SQLException {
        // the lag is a whole number the service computed, written into the text: a window function's offset is a constant
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(CASE WHEN ABS(x - p) > "
                + "CAST(? AS DOUBLE PRECISION) * GREATEST(ABS(x), ABS(p)) THEN 1 ELSE 0 END), 0) FROM ("
                + "SELECT x, LAG(x, " + Math.max(1, lag) + ") OVER (PARTITION BY s1, s2, s3 ORDER BY t) AS p FROM ("
                + series() + ") d) q WHERE p IS NOT NULL")) {
            ps.setDouble(1, tolerance);
            bindSpan(ps, 2);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /**
     * Cost Explorer requests one collection makes for the accounts and regions with cost in the span: per account,
     * two {@code GetDimensionValues}, one {@code GetCostAndUsage} per region, a {@code GetCostForecast} and a monthly
     * {@code GetCostAndUsage} (README, "What Cost Explorer costs").
     */
    long costExplorerRequests() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(4 + r), 0) FROM (SELECT account, "
                + "COUNT(DISTINCT region) AS r FROM cost_history WHERE usage_date >= ? AND usage_date <= ? GROUP BY account) a")) {
            ps.setObject(1, span.firstDay());
            ps.setObject(2, span.lastDay());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
