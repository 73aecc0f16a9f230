package io.log2.logs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds a group of runs' consequence times to the {@code consequence_time} rows: the group's firings are counted in
 * Java per agent, UTC day, rule and {@link ConsequenceBuckets bucket} first, then each key is added to its row with
 * one upsert (a few hundred per group however many firings it holds), in the group's transaction, in key order so
 * that two writers sharing a database never wait on each other's rows in a cycle. PostgreSQL gets
 * {@code INSERT … ON CONFLICT DO UPDATE}, which stays correct when two service instances add the same new key at once;
 * H2, which has no such clause, gets {@code MERGE}.
 */
final class ConsequenceTimeRows {

    private static final String POSTGRESQL = "INSERT INTO consequence_time (agent, fired_on, rule, bucket, firings, total_nanos,"
            + " max_nanos) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (agent, fired_on, rule, bucket) DO UPDATE SET"
            + " firings = consequence_time.firings + EXCLUDED.firings,"
            + " total_nanos = consequence_time.total_nanos + EXCLUDED.total_nanos,"
            + " max_nanos = GREATEST(consequence_time.max_nanos, EXCLUDED.max_nanos)";
    private static final String MERGE = "MERGE INTO consequence_time t USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS DATE),"
            + " CAST(? AS VARCHAR(255)), CAST(? AS INTEGER), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT)))"
            + " s (agent, fired_on, rule, bucket, firings, total_nanos, max_nanos)"
            + " ON t.agent = s.agent AND t.fired_on = s.fired_on AND t.rule = s.rule AND t.bucket = s.bucket"
            + " WHEN MATCHED THEN UPDATE SET firings = t.firings + s.firings, total_nanos = t.total_nanos + s.total_nanos,"
            + " max_nanos = GREATEST(t.max_nanos, s.max_nanos)"
            + " WHEN NOT MATCHED THEN INSERT (agent, fired_on, rule, bucket, firings, total_nanos, max_nanos)"
            + " VALUES (s.agent, s.fired_on, s.rule, s.bucket, s.firings, s.total_nanos, s.max_nanos)";

    record Key(String agent, LocalDate day, String rule, int bucket) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = agent.compareTo(o.agent);
            c = c != 0 ? c : day.compareTo(o.day);
            c = c != 0 ? c : rule.compareTo(o.rule);
            return c != 0 ? c : Integer.compare(bucket, o.bucket);
        }
    }

    static final class Times {
        long firings;
        long totalNanos;
        long maxNanos = Long.MIN_VALUE;
    }

    private String sql;

    void upsert(Connection c, List<RunRecord> runs) throws SQLException {
        Map<Key, Times> group = count(runs);
        if (group.isEmpty()) {
            return;
        }
        if (sql == null) {
            sql = c.getMetaData().getDatabaseProductName().equals("PostgreSQL") ? POSTGRESQL : MERGE;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Map.Entry<Key, Times> e : group.entrySet()) {
                Key k = e.getKey();
                ps.setString(1, k.agent());
                ps.setObject(2, k.day());
                ps.setString(3, k.rule());
                ps.setInt(4, k.bucket());
                ps.setLong(5, e.getValue().firings);
                ps.setLong(6, e.getValue().totalNanos);
                ps.setLong(7, e.getValue().maxNanos);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The group's firings per agent, day, rule and bucket, in key order. */
    static Map<Key, Times> count(List<RunRecord> runs) {
        Map<Key, Times> out = new TreeMap<>();
        for (RunRecord r : runs) {
            for (CapturedFiring f : r.firings()) {
                Key key = new Key(r.agent(), LocalDate.ofInstant(f.firedAt(), ZoneOffset.UTC), f.rule().name(),
                        ConsequenceBuckets.of(f.durationNanos()));
                Times t = out.computeIfAbsent(key, k -> new Times());
                t.firings++;
                t.totalNanos += f.durationNanos();
                t.maxNanos = Math.max(t.maxNanos, f.durationNanos());
            }
        }
        return out;
    }
}
