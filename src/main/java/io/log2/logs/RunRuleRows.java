package io.log2.logs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code run_rule} and {@code run_rule_error} rows of a group of runs: per run and rule, how often it
 * fired and its first firing (and that firing's hour since 1970 UTC); per run, rule and exception type, how many of its firings threw, the first and the
 * last. A run is written whole in one group, so these are plain inserts, in the group's transaction.
 */
final class RunRuleRows {

    /** One rule's firings in one run. */
    private static final class InRun {
        int firings;
        int firstSeq = Integer.MAX_VALUE;
        Instant firstAt;
    }

    /** One rule's firings that threw one exception type in one run. */
    private static final class Thrown {
        int errors;
        Instant firstAt;
        Instant lastAt;
    }

    private RunRuleRows() {
    }

    static void insert(Connection c, List<RunRecord> runs) throws SQLException {
        try (PreparedStatement rules = c.prepareStatement("INSERT INTO run_rule (run_id, rule, agent, first_at, first_hour,"
                + " first_seq, firings) VALUES (?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement errors = c.prepareStatement("INSERT INTO run_rule_error (run_id, rule, failure, agent, errors,"
                     + " first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int rows = 0;
            boolean anyError = false;
            for (RunRecord r : runs) {
                Map<String, InRun> byRule = new LinkedHashMap<>();
                Map<Map.Entry<String, String>, Thrown> byFailure = new LinkedHashMap<>();
                for (CapturedFiring f : r.firings()) {
                    InRun in = byRule.computeIfAbsent(f.rule().name(), k -> new InRun());
                    in.firings++;
                    in.firstSeq = Math.min(in.firstSeq, f.seq());
                    in.firstAt = in.firstAt == null || f.firedAt().isBefore(in.firstAt) ? f.firedAt() : in.firstAt;
                    String failure = failure(f.error());
                    if (failure != null) {
                        Thrown t = byFailure.computeIfAbsent(Map.entry(f.rule().name(), failure), k -> new Thrown());
                        t.errors++;
                        t.firstAt = t.firstAt == null || f.firedAt().isBefore(t.firstAt) ? f.firedAt() : t.firstAt;
                        t.lastAt = t.lastAt == null || f.firedAt().isAfter(t.lastAt) ? f.firedAt() : t.lastAt;
                    }
                }
                for (Map.Entry<String, InRun> e : byRule.entrySet()) {
                    rules.setString(1, r.runId());
                    rules.setString(2, e.getKey());
                    rules.setString(3, r.agent());
                    rules.setObject(4, e.getValue().firstAt.atOffset(ZoneOffset.UTC));
                    rules.setLong(5, Math.floorDiv(e.getValue().firstAt.getEpochSecond(), 3600));
                    rules.setInt(6, e.getValue().firstSeq);
                    rules.setInt(7, e.getValue().firings);
                    rules.addBatch();
                    if (++rows % Columns.BATCH_ROWS == 0) {
                        rules.executeBatch();
                    }
                }
                for (Map.Entry<Map.Entry<String, String>, Thrown> e : byFailure.entrySet()) {
                    Thrown t = e.getValue();
                    errors.setString(1, r.runId());
                    errors.setString(2, e.getKey().getKey());
                    errors.setString(3, e.getKey().getValue());
                    errors.setString(4, r.agent());
                    errors.setInt(5, t.errors);
                    errors.setObject(6, t.firstAt.atOffset(ZoneOffset.UTC));
                    errors.setObject(7, t.lastAt.atOffset(ZoneOffset.UTC));
                    errors.addBatch();
                    anyError = true;
                }
            }
            rules.executeBatch();
            if (anyError) {
                errors.executeBatch();
            }
        }
    }

    /**
     * The exception type of a firing's error as stored (cut to the column): the text before its first colon, or all
     * of it, cut to 255 characters; null when the firing did not throw. Migration V11 computes the same in SQL.
     */
    static String failure(String error) {
        String stored = Columns.truncate(error, FiringRows.ERROR_LENGTH);
        if (stored == null) {
            return null;
        }
        int colon = stored.indexOf(':');
        String type = colon >= 0 ? stored.substring(0, colon) : stored;
        return type.length() <= 255 ? type : type.substring(0, 255);
    }
}
