package io.log2.insights.analysis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per rule, how the findings it raised in the span are labelled (a finding's label is its latest, see
 * {@code finding_feedback}): the count and share labelled useful, noise and expected, and without a label.
 */
public final class FindingLabels {

    static final String SQL = "SELECT f.rule, fb.label, COUNT(*) FROM finding f"
            + " LEFT JOIN finding_feedback fb ON fb.id = f.feedback_id"
            + " WHERE f.agent = ? AND f.last_seen >= ? AND f.first_seen < ? GROUP BY f.rule, fb.label ORDER BY f.rule";

    public record RuleLabels(String rule, long findings, long useful, long noise, long expected, long none,
                             Double usefulShare, Double noiseShare, Double expectedShare, Double noneShare) {
    }

    private FindingLabels() {
    }

    public static List<RuleLabels> read(Connection connection, AnalysisSpan span) throws SQLException {
        Map<String, long[]> counts = new LinkedHashMap<>(); // useful, noise, expected, none
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            span.bind(statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long[] c = counts.computeIfAbsent(rs.getString(1), r -> new long[4]);
                    String label = rs.getString(2);
                    int i = label == null ? 3 : switch (label) {
                        case "useful" -> 0;
                        case "noise" -> 1;
                        case "expected" -> 2;
                        default -> 3;
                    };
                    c[i] += rs.getLong(3);
                }
            }
        }
        List<RuleLabels> out = new ArrayList<>();
        counts.forEach((rule, c) -> {
            long n = c[0] + c[1] + c[2] + c[3];
            out.add(new RuleLabels(rule, n, c[0], c[1], c[2], c[3], Rows.share(c[0], n), Rows.share(c[1], n),
                    Rows.share(c[2], n), Rows.share(c[3], n)));
        });
        return out;
    }
}
