package io.log2.logs.retention;

import io.log2.cluster.Lease;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Removes what is older than {@code log2.retention.keep}, except findings whose label is in use ({@link KeptFindings})
 * with their runs and firings. Firings go first: on PostgreSQL by dropping expired day partitions
 * ({@link FiringPartitions}) and deleting from the default partition in batches, on H2 by deleting in batches. Then
 * runs, in batches, each with its links to findings, the facts posted to it ({@code run_fact}), its analysis figures
 * ({@code run_rule}, {@code run_rule_error}) and what agents keep about it in their own tables ({@link RunRowsOfAgent}),
 * and the findings whose every run is gone, with their labels; then the daily consequence-time figures of whole days
 * before the cutoff. Every batch is its own short transaction, so runs being written never wait on expiry for long.
 * A pass holds the {@code retention} lease: instances sharing a database expire one at a time.
 */
@ApplicationScoped
public class Expiry {

    /** What one pass removed. */
    public record Report(Instant cutoff, Instant labelsFrom, List<String> partitionsMade, List<String> partitionsDropped,
                         int keptFiringsMoved, long firings, long runs, long findings, long labels, long runRules,
                         long consequenceTimes) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    RetentionConfig config;
    @Inject
    FiringPartitions partitions;
    @Inject
    Event<ExpiryBatch> batches;
    @Inject
    Lease lease;
    @Inject
    @Any
    Instance<RunRowsOfAgent> agentRows;

    static final String LEASE = "retention";

    private static final int FINDINGS_PER_STATEMENT = 500;

    private final AtomicBoolean running = new AtomicBoolean();

    /** One pass now, or empty when a pass is already under way in this service or another sharing its database. */
    public Optional<Report> expire() {
        if (!running.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            return lease.callIfFree(LEASE, () -> pass(Instant.now()));
        } finally {
            running.set(false);
        }
    }

    private Report pass(Instant now) {
        Instant cutoff = now.minus(config.keep());
        Instant labelsFrom = now.minus(config.labelWindow());
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<String> made = partitions.ensure(today, today.plusDays(config.partitionsAhead()));
        List<FiringPartitions.Dropped> dropped = partitions.dropBefore(cutoff, labelsFrom);
        String firingTable = partitions.partitioned() ? FiringPartitions.DEFAULT : "firing";
        long firings = 0;
        long runs = 0;
        long[] removed = new long[3]; // findings, labels, run figures
        long consequenceTimes = 0;
        for (String agent : agents()) {
            firings += expireFirings(firingTable, agent, cutoff, labelsFrom);
            runs += expireRuns(agent, cutoff, labelsFrom, removed);
            consequenceTimes += inTransaction("consequence_time", c -> update(c,
                    "DELETE FROM consequence_time WHERE agent = ? AND fired_on < ?", agent, LocalDate.ofInstant(cutoff, ZoneOffset.UTC)));
        }
        return new Report(cutoff, labelsFrom, made, dropped.stream().map(FiringPartitions.Dropped::name).toList(),
                dropped.stream().mapToInt(FiringPartitions.Dropped::keptFirings).sum(), firings, runs, removed[0],
                removed[1], removed[2], consequenceTimes);
    }

    private List<String> agents() {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT agent FROM rule_set_version ORDER BY agent"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the agents to expire", e);
        }
        return out;
    }

    private long expireFirings(String table, String agent, Instant cutoff, Instant labelsFrom) {
        String sql = "DELETE FROM " + table + " WHERE id IN (SELECT fi.id FROM " + table + " fi WHERE fi.agent = ? "
                + "AND fi.fired_at < ? AND NOT " + KeptFindings.EXPLAINS_KEPT + " FETCH FIRST " + config.batchSize()
                + " ROWS ONLY)";
        long total = 0;
        int n;
        do {
            n = inTransaction("firing", c -> update(c, sql, agent, cutoff.atOffset(ZoneOffset.UTC),
                    labelsFrom.atOffset(ZoneOffset.UTC)));
            total += n;
        } while (n == config.batchSize());
        return total;
    }

    private long expireRuns(String agent, Instant cutoff, Instant labelsFrom, long[] removed) {
        String select = "SELECT r.id FROM run r WHERE r.agent = ? AND r.started_at < ? AND NOT " + KeptFindings.RUN_OF_KEPT
                + " FETCH FIRST " + config.batchSize() + " ROWS ONLY";
        long total = 0;
        int n;
        do {
            n = inTransaction("run", c -> {
                List<String> ids = strings(c, select, agent, cutoff.atOffset(ZoneOffset.UTC), labelsFrom.atOffset(ZoneOffset.UTC));
                if (ids.isEmpty()) {
                    return 0;
                }
                String in = in(ids.size());
                List<Long> linked = longs(c, "SELECT DISTINCT finding_id FROM run_finding WHERE run_id IN " + in, ids.toArray());
                update(c, "DELETE FROM run_finding WHERE run_id IN " + in, ids.toArray());
                update(c, "DELETE FROM run_fact WHERE run_id IN " + in, ids.toArray());
                for (RunRowsOfAgent rows : agentRows) {
                    rows.forget(c, in, ids);
                }
                removed[2] += update(c, "DELETE FROM run_rule WHERE run_id IN " + in, ids.toArray());
                removed[2] += update(c, "DELETE FROM run_rule_error WHERE run_id IN " + in, ids.toArray());
                int runs = update(c, "DELETE FROM run WHERE id IN " + in, ids.toArray());
                expireFindings(c, linked, labelsFrom, removed);
                return runs;
            });
            total += n;
        } while (n == config.batchSize());
        return total;
    }

    /** Of the findings the expired runs were linked to, those no run is linked to any more and whose label is not in use. */
    private static void expireFindings(Connection c, List<Long> linked, Instant labelsFrom, long[] removed) throws SQLException {
        // a thousand runs may touch many findings: bounded lists of parameters (PostgreSQL takes at most 32,767)
        for (int from = 0; from < linked.size(); from += FINDINGS_PER_STATEMENT) {
            expireSome(c, linked.subList(from, Math.min(linked.size(), from + FINDINGS_PER_STATEMENT)), labelsFrom, removed);
        }
    }

    private static void expireSome(Connection c, List<Long> linked, Instant labelsFrom, long[] removed) throws SQLException {
        Object[] args = new Object[linked.size() + 1];
        for (int i = 0; i < linked.size(); i++) {
            args[i] = linked.get(i);
        }
        args[linked.size()] = labelsFrom.atOffset(ZoneOffset.UTC);
        List<Long> expired = longs(c, "SELECT f.id FROM finding f WHERE f.id IN " + in(linked.size())
                + " AND NOT EXISTS (SELECT 1 FROM run_finding rf WHERE rf.finding_id = f.id) AND NOT " + KeptFindings.KEPT, args);
        if (expired.isEmpty()) {
            return;
        }
        String in = in(expired.size());
        removed[1] += update(c, "DELETE FROM finding_feedback WHERE finding_id IN " + in, expired.toArray());
        removed[0] += update(c, "DELETE FROM finding WHERE id IN " + in, expired.toArray());
    }

    interface Work {
        int run(Connection c) throws SQLException;
    }

    /** One batch in a transaction of its own; observers hear of it before it commits. */
    private int inTransaction(String table, Work work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                int n = work.run(c);
                if (n > 0) {
                    batches.fire(new ExpiryBatch(table, n));
                }
                return n;
            }
        });
    }

    private static String in(int n) {
        return "(" + String.join(",", Collections.nCopies(n, "?")) + ")";
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<Long> longs(Connection c, String sql, Object... args) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
