package io.log2.logs;

import io.log2.logic.Finding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Writes the {@code finding} rows of a group of runs: each finding numbered within its run. */
final class FindingRows {

    private FindingRows() {
    }

    static void insert(Connection c, List<RunRecord> runs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO finding (run_id, seq, firing_seq, kind, severity, "
                + "category, measured, threshold, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int rows = 0;
            for (RunRecord r : runs) {
                int seq = 0;
                for (Finding f : r.findings()) {
                    ps.setString(1, r.runId());
                    ps.setInt(2, ++seq);
                    ps.setInt(3, f.firing());
                    ps.setString(4, f.kind());
                    ps.setString(5, f.severity());
                    ps.setString(6, f.category());
                    Columns.setDouble(ps, 7, f.value());
                    Columns.setDouble(ps, 8, f.threshold());
                    ps.setString(9, Columns.truncate(f.message(), 2000));
                    ps.addBatch();
                    if (++rows % Columns.BATCH_ROWS == 0) {
                        ps.executeBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }
}
