package io.log2.insights.analysis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Consequences that threw, per rule and exception type (the class name the firing's error starts with), with the
 * first and last time in the span, from the {@code run_rule_error} rows the firing writer keeps (one per run, rule and
 * type; they belong to the span when their run's first such error does).
 */
public final class RuleExceptions {

    static final String SQL = "SELECT rule, failure, SUM(errors), MIN(first_at), MAX(last_at) FROM run_rule_error"
            + " WHERE agent = ? AND first_at >= ? AND first_at < ? GROUP BY rule, failure ORDER BY rule, failure";

    public record RuleException(String rule, String type, long count, Instant first, Instant last) {
    }

    private RuleExceptions() {
    }

    public static List<RuleException> read(Connection connection, AnalysisSpan span) throws SQLException {
        List<RuleException> out = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            span.bind(statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    out.add(new RuleException(rs.getString(1), rs.getString(2), rs.getLong(3), Rows.instant(rs, 4),
                            Rows.instant(rs, 5)));
                }
            }
        }
        return out;
    }
}
