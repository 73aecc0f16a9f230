package io.log2.insights.analysis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * How long each rule's consequence took in the span: the median, the 95th percentile (PERCENTILE_CONT, linear
 * between the two nearest firings) and the longest, in nanoseconds, over all its firings including those that threw.
 */
public final class ConsequenceTimes {

    static final String SQL = "SELECT rule, COUNT(*), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY duration_nanos),"
            + " PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_nanos), MAX(duration_nanos)"
            + " FROM firing WHERE agent = ? AND fired_at >= ? AND fired_at < ? GROUP BY rule ORDER BY rule";

    public record RuleTime(String rule, long firings, double p50Nanos, double p95Nanos, long maxNanos) {
    }

    private ConsequenceTimes() {
    }

    public static List<RuleTime> read(Connection connection, AnalysisSpan span) throws SQLException {
        List<RuleTime> out = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            span.bind(statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    out.add(new RuleTime(rs.getString(1), rs.getLong(2), Rows.round(rs.getDouble(3), 1),
                            Rows.round(rs.getDouble(4), 1), rs.getLong(5)));
                }
            }
        }
        return out;
    }
}
