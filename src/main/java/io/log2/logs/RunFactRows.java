package io.log2.logs;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the {@code run_fact} rows of a group of runs: for a run of an agent whose fact types are declared in DRL,
 * one row per fact as it was posted, in the run's order, in the run's own transaction.
 */
final class RunFactRows {

    private RunFactRows() {
    }

    static void insert(Connection c, List<RunRecord> runs) throws SQLException {
        if (runs.stream().allMatch(r -> r.facts().posted().isEmpty())) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run_fact (run_id, agent, seq, fact_type, fact) VALUES (?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (RunRecord r : runs) {
                List<JsonNode> posted = r.facts().posted();
                for (int i = 0; i < posted.size(); i++) {
                    JsonNode fact = posted.get(i);
                    ps.setString(1, r.runId());
                    ps.setString(2, r.agent());
                    ps.setInt(3, i);
                    // the reader refused every fact without a textual type before the run was evaluated
                    ps.setString(4, Columns.truncate(fact.path("type").asText(), 255));
                    ps.setString(5, fact.toString());
                    ps.addBatch();
                    if (++pending == Columns.BATCH_ROWS) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }
}
