package io.log2.logs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;

/** Writes the {@code run} rows of a group of runs: one row per run, with its counts, status and problems. */
final class RunRows {

    private RunRows() {
    }

    static void insert(Connection c, List<RunRecord> runs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run (id, agent, version, started_at, duration_nanos, "
                + "fact_count, firing_count, finding_count, status, problems) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (RunRecord r : runs) {
                ps.setString(1, r.runId());
                ps.setString(2, r.agent());
                ps.setInt(3, r.version());
                ps.setObject(4, r.startedAt().atOffset(ZoneOffset.UTC));
                ps.setLong(5, r.durationNanos());
                ps.setInt(6, r.factCount());
                ps.setInt(7, r.firings().size());
                ps.setInt(8, r.findings().size());
                ps.setString(9, r.status());
                ps.setString(10, r.problems().isEmpty() ? null : Columns.truncate(String.join("\n", r.problems()), 4000));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
