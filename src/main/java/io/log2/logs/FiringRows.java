package io.log2.logs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code firing} rows of a group of runs, with the matched facts and bound values as JSON and the finding
 * a firing reported to.
 */
final class FiringRows {

    /** The length of the {@code error} column. */
    static final int ERROR_LENGTH = 2000;

    private final FiringJson json = new FiringJson();

    void insert(Connection c, List<RunRecord> runs, List<Map<Integer, Long>> findingOfFiring) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO firing (run_id, seq, agent, version, rule, package_name, "
                + "file, source_row, resource, facts, bindings, fired_at, duration_nanos, error, finding_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int rows = 0;
            for (int i = 0; i < runs.size(); i++) {
                RunRecord r = runs.get(i);
                Map<Integer, Long> findings = findingOfFiring.get(i);
                for (CapturedFiring f : r.firings()) {
                    ps.setString(1, r.runId());
                    ps.setInt(2, f.seq());
                    ps.setString(3, r.agent());
                    ps.setInt(4, r.version());
                    ps.setString(5, f.rule().name());
                    ps.setString(6, f.rule().packageName());
                    ps.setString(7, f.rule().file());
                    Columns.setInteger(ps, 8, f.rule().row());
                    ps.setString(9, Columns.truncate(f.resource(), 512));
                    ps.setString(10, json.facts(f));
                    ps.setString(11, json.bindings(f));
                    ps.setObject(12, f.firedAt().atOffset(ZoneOffset.UTC));
                    ps.setLong(13, f.durationNanos());
                    ps.setString(14, Columns.truncate(f.error(), ERROR_LENGTH));
                    Long finding = findings.get(f.seq());
                    if (finding == null) {
                        ps.setNull(15, Types.BIGINT);
                    } else {
                        ps.setLong(15, finding);
                    }
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
