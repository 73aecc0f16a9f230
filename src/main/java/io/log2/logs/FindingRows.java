package io.log2.logs;

import io.log2.logs.FindingLedger.Change;
import io.log2.logs.FindingLedger.Evidence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the findings of a group of runs through the {@link FindingLedger}: looks up, in a few batched queries, the
 * open findings the group can touch (by fingerprint, by subject, by complete fact type), applies the runs in order,
 * updates the findings that changed, inserts the new ones, and links each run to the findings it opened, updated or
 * resolved. Each run's {@link RunRecord#loggedFindings()} then says what it did.
 */
final class FindingRows {

    private static final String COLUMNS = "id, agent, fingerprint, rule, resource, period, subject, fact_type, kind, "
            + "severity, category, state, first_seen, last_seen, seen_count, measured, threshold, message, "
            + "first_run_id, first_firing_seq, last_run_id, last_firing_seq";
    /** Keys per lookup query; lists are padded to a power of two so that few statement shapes are ever prepared. */
    private static final int MAX_KEYS = 512;

    private FindingRows() {
    }

    /**
     * Writes the group's findings; returns, for each run, the finding each of its reporting firings (by sequence
     * number) went to, for the firing rows.
     */
    static List<Map<Integer, Long>> insert(Connection c, List<RunRecord> runs) throws SQLException {
        List<Evidence> evidence = new ArrayList<>(runs.size());
        runs.forEach(r -> evidence.add(Evidence.of(r)));
        FindingLedger ledger = new FindingLedger(open(c, evidence));
        List<List<Change>> changes = new ArrayList<>(runs.size());
        evidence.forEach(e -> changes.add(ledger.apply(e)));
        List<TrackedFinding> stored = new ArrayList<>();
        List<TrackedFinding> added = new ArrayList<>();
        ledger.touched().forEach(f -> (f.id == null ? added : stored).add(f));
        // Updates first: a finding resolved here frees its fingerprint for one opened here.
        update(c, stored);
        insertNew(c, added);
        link(c, runs, changes);
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).loggedFindings() != null) {
                runs.get(i).loggedFindings().set(changes.get(i).stream().map(Change::view).toList());
            }
        }
        List<Map<Integer, Long>> findingOfFiring = new ArrayList<>(runs.size());
        for (List<Change> run : changes) {
            Map<Integer, Long> bySeq = new HashMap<>();
            for (Change change : run) {
                change.firings.forEach(seq -> bySeq.put(seq, change.finding.id));
            }
            findingOfFiring.add(bySeq);
        }
        return findingOfFiring;
    }

    /** The open findings with the group's fingerprints or subjects, and those of the fact types a run holds completely. */
    private static Collection<TrackedFinding> open(Connection c, List<Evidence> runs) throws SQLException {
        Set<String> fingerprints = new LinkedHashSet<>();
        Set<String> subjects = new LinkedHashSet<>();
        Map<String, Set<String>> completeTypes = new LinkedHashMap<>();
        for (Evidence e : runs) {
            fingerprints.addAll(e.fingerprints());
            subjects.addAll(e.observed.keySet());
            if (!e.completeTypes.isEmpty()) {
                completeTypes.computeIfAbsent(e.agent, a -> new LinkedHashSet<>()).addAll(e.completeTypes);
            }
        }
        Map<Long, TrackedFinding> open = new LinkedHashMap<>();
        select(c, "open_key IN", "", fingerprints, List.of(), open);
        select(c, "subject IN", " AND state = 'open'", subjects, List.of(), open);
        for (Map.Entry<String, Set<String>> e : completeTypes.entrySet()) {
            select(c, "fact_type IN", " AND state = 'open' AND agent = ?", e.getValue(), List.of(e.getKey()), open);
        }
        return open.values();
    }

    private static void select(Connection c, String column, String more, Collection<String> keys, List<String> extra,
                               Map<Long, TrackedFinding> into) throws SQLException {
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += MAX_KEYS) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_KEYS));
            int size = Integer.highestOneBit(chunk.size() * 2 - 1);
            String sql = "SELECT " + COLUMNS + " FROM finding WHERE " + column + " (" + "?,".repeat(size - 1) + "?)" + more;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < size; i++) {
                    ps.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
                }
                for (int i = 0; i < extra.size(); i++) {
                    ps.setString(size + i + 1, extra.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong("id");
                        if (!into.containsKey(id)) {
                            into.put(id, read(rs));
                        }
                    }
                }
            }
        }
    }

    private static TrackedFinding read(ResultSet rs) throws SQLException {
        TrackedFinding f = new TrackedFinding(rs.getLong("id"), rs.getString("agent"), rs.getString("fingerprint"),
                rs.getString("rule"), rs.getString("resource"), rs.getString("period"), rs.getString("subject"),
                rs.getString("fact_type"));
        f.kind = rs.getString("kind");
        f.severity = rs.getString("severity");
        f.category = rs.getString("category");
        f.state = rs.getString("state");
        f.firstSeen = instant(rs, "first_seen");
        f.lastSeen = instant(rs, "last_seen");
        f.count = rs.getLong("seen_count");
        f.value = number(rs, "measured");
        f.threshold = number(rs, "threshold");
        f.message = rs.getString("message");
        f.firstRunId = rs.getString("first_run_id");
        f.firstFiringSeq = rs.getInt("first_firing_seq");
        f.lastRunId = rs.getString("last_run_id");
        f.lastFiringSeq = rs.getInt("last_firing_seq");
        return f;
    }

    private static void update(Connection c, List<TrackedFinding> findings) throws SQLException {
        if (findings.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE finding SET open_key = ?, state = ?, last_seen = ?, "
                + "resolved_at = ?, resolved_by = ?, seen_count = ?, kind = ?, severity = ?, category = ?, measured = ?, "
                + "threshold = ?, message = ?, last_run_id = ?, last_firing_seq = ? WHERE id = ?")) {
            int rows = 0;
            for (TrackedFinding f : findings) {
                ps.setString(1, f.isOpen() ? f.fingerprint : null);
                ps.setString(2, f.state);
                ps.setObject(3, time(f.lastSeen));
                setTime(ps, 4, f.resolvedAt);
                ps.setString(5, f.resolvedBy);
                ps.setLong(6, f.count);
                ps.setString(7, f.kind);
                ps.setString(8, f.severity);
                ps.setString(9, f.category);
                Columns.setDouble(ps, 10, f.value);
                Columns.setDouble(ps, 11, f.threshold);
                ps.setString(12, Columns.truncate(f.message, 2000));
                ps.setString(13, f.lastRunId);
                ps.setInt(14, f.lastFiringSeq);
                ps.setLong(15, f.id);
                ps.addBatch();
                if (++rows % Columns.BATCH_ROWS == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void insertNew(Connection c, List<TrackedFinding> findings) throws SQLException {
        if (findings.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO finding (agent, fingerprint, open_key, rule, resource, "
                + "period, subject, fact_type, kind, severity, category, state, first_seen, last_seen, resolved_at, "
                + "resolved_by, seen_count, measured, threshold, message, first_run_id, first_firing_seq, last_run_id, "
                + "last_firing_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            for (int from = 0; from < findings.size(); from += Columns.BATCH_ROWS) {
                List<TrackedFinding> batch = findings.subList(from, Math.min(findings.size(), from + Columns.BATCH_ROWS));
                for (TrackedFinding f : batch) {
                    ps.setString(1, f.agent);
                    ps.setString(2, f.fingerprint);
                    ps.setString(3, f.isOpen() ? f.fingerprint : null);
                    ps.setString(4, Columns.truncate(f.rule, 255));
                    ps.setString(5, Columns.truncate(f.resource, 512));
                    ps.setString(6, Columns.truncate(f.period, 64));
                    ps.setString(7, f.subject);
                    ps.setString(8, Columns.truncate(f.factType, 128));
                    ps.setString(9, f.kind);
                    ps.setString(10, f.severity);
                    ps.setString(11, f.category);
                    ps.setString(12, f.state);
                    ps.setObject(13, time(f.firstSeen));
                    ps.setObject(14, time(f.lastSeen));
                    setTime(ps, 15, f.resolvedAt);
                    ps.setString(16, f.resolvedBy);
                    ps.setLong(17, f.count);
                    Columns.setDouble(ps, 18, f.value);
                    Columns.setDouble(ps, 19, f.threshold);
                    ps.setString(20, Columns.truncate(f.message, 2000));
                    ps.setString(21, f.firstRunId);
                    ps.setInt(22, f.firstFiringSeq);
                    ps.setString(23, f.lastRunId);
                    ps.setInt(24, f.lastFiringSeq);
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    for (TrackedFinding f : batch) {
                        if (!keys.next()) {
                            throw new SQLException("the database returned fewer finding ids than findings inserted");
                        }
                        f.id = keys.getLong(1);
                    }
                }
            }
        }
    }

    private static void link(Connection c, List<RunRecord> runs, List<List<Change>> changes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_finding (run_id, seq, finding_id, action, seen_count, "
                + "firing_seq, measured, threshold, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int rows = 0;
            for (int i = 0; i < runs.size(); i++) {
                int seq = 0;
                for (Change change : changes.get(i)) {
                    RunFinding v = change.view();
                    ps.setString(1, runs.get(i).runId());
                    ps.setInt(2, ++seq);
                    ps.setLong(3, v.id());
                    ps.setString(4, v.action());
                    ps.setInt(5, v.seen());
                    Columns.setInteger(ps, 6, v.firing());
                    Columns.setDouble(ps, 7, v.value());
                    Columns.setDouble(ps, 8, v.threshold());
                    ps.setString(9, Columns.truncate(v.message(), 2000));
                    ps.addBatch();
                    if (++rows % Columns.BATCH_ROWS == 0) {
                        ps.executeBatch();
                    }
                }
            }
            if (rows % Columns.BATCH_ROWS != 0) {
                ps.executeBatch();
            }
        }
    }

    private static OffsetDateTime time(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, time(t));
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
