package io.log2.insights.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.intelligence.proposal.Proposal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What the learners currently recommend: each learner's newest proposal still awaiting approval, with its row
 * changes and what its backtest over the stored history found — the alerts before and after and the change in alert
 * volume, and the precision against the labels. The learners are not run again for this: a learning pass takes
 * minutes and files proposals, while the pending proposals already carry a backtest; {@code current} says whether the
 * proposal was made against the version running now.
 */
@ApplicationScoped
public class ThresholdAdvice {

    public record Recommendation(long proposal, String learner, Instant createdAt, String createdBy, Integer baseVersion,
                                 boolean current, String reason, JsonNode changes, Integer alertsBefore,
                                 Integer alertsAfter, Double alertChange, Double precisionBefore, Double precisionAfter) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper json;

    /** @param activeVersion the agent's running version, null when none */
    public List<Recommendation> of(String agent, Integer activeVersion) throws SQLException {
        List<Recommendation> out = new ArrayList<>();
        Set<String> learners = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, learner, created_at, created_by, base_version, reason, "
                     + "changes, backtest FROM proposal WHERE agent = ? AND state = ? ORDER BY id DESC")) {
            ps.setString(1, agent);
            ps.setString(2, Proposal.AWAITING_APPROVAL);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String learner = rs.getString(2);
                    if (!learners.add(learner)) {
                        continue; // an older proposal of the same learner: the newest is what it recommends now
                    }
                    Integer base = rs.getObject(5, Integer.class);
                    JsonNode backtest = tree(rs.getString(8));
                    out.add(new Recommendation(rs.getLong(1), learner, rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getString(4), base, base != null && base.equals(activeVersion), rs.getString(6),
                            tree(rs.getString(7)), integer(backtest, "before", "alerts"), integer(backtest, "after", "alerts"),
                            number(backtest.get("alertChange")), number(backtest.path("before").get("precision")),
                            number(backtest.path("after").get("precision"))));
                }
            }
        }
        return out;
    }

    private JsonNode tree(String text) {
        if (text == null) {
            return json.nullNode();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.nullNode();
        }
    }

    private static Integer integer(JsonNode node, String side, String field) {
        JsonNode v = node.path(side).get(field);
        return v != null && v.isNumber() ? v.asInt() : null;
    }

    private static Double number(JsonNode v) {
        return v != null && v.isNumber() ? v.asDouble() : null;
    }
}
