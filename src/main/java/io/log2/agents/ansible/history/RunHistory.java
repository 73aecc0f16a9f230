package io.log2.agents.ansible.history;

import io.log2.agents.ansible.AnsibleRun;
import io.log2.agents.ansible.TaskResult;
import io.log2.agents.ansible.imports.RunFacts;
import io.log2.agents.ansible.imports.RunFacts.Recent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** The imported runs of the ansible agent: their summaries and task results, stored and read back. */
@ApplicationScoped
public class RunHistory {

    /** A stored run's summary, as {@code GET /api/agents/ansible/runs} lists it. */
    public record StoredRun(long id, String runId, String playbook, String mode, String file, String format, int hosts,
                            int failedHosts, int unreachableHosts, int tasks, double failureRate, Instant startedAt,
                            Instant endedAt, String via, String createdBy, Instant importedAt) {
    }

    /** One stored duration of a task. */
    public record TaskDuration(String task, double seconds) {
    }

    @Inject
    DataSource dataSource;

    /** The last {@code n} runs of the playbook imported so far: how many there are, and their mean failure rate. */
    @Transactional
    public Recent recent(String playbook, int n) {
        if (n <= 0) {
            return Recent.NONE;
        }
        String sql = "SELECT failure_rate FROM ansible_run WHERE playbook = ? ORDER BY id DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, cut(playbook, 255));
            ps.setMaxRows(n);
            double sum = 0;
            int runs = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && runs < n) {
                    sum += rs.getDouble(1);
                    runs++;
                }
            }
            return runs == 0 ? Recent.NONE : new Recent(runs, sum / runs);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the earlier runs of playbook " + playbook, e);
        }
    }

    /** Stores a run's summary and its task results in one transaction; returns the summary's id. */
    @Transactional
    public long store(RunFacts facts, String runId, String file, String format, String via, String user, Instant at) {
        AnsibleRun run = facts.run();
        try (Connection c = dataSource.getConnection()) {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ansible_run (run_id, playbook, mode, file, format, "
                    + "hosts, failed_hosts, unreachable_hosts, tasks, failure_rate, started_at, ended_at, via, created_by, "
                    + "imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, runId);
                ps.setString(2, cut(run.playbook(), 255));
                ps.setString(3, run.mode());
                ps.setString(4, cut(file, 512));
                ps.setString(5, format);
                ps.setInt(6, run.hosts());
                ps.setInt(7, run.failedHosts());
                ps.setInt(8, run.unreachableHosts());
                ps.setInt(9, run.tasks());
                ps.setDouble(10, run.failureRate());
                setTime(ps, 11, run.startedAt());
                setTime(ps, 12, run.endedAt());
                ps.setString(13, via);
                ps.setString(14, cut(user, 255));
                setTime(ps, 15, at);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ansible_task (ansible_run_id, play, task, host, action, "
                    + "changed, failed, skipped, unreachable, ignore_errors, duration_seconds, message) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (TaskResult t : facts.tasks()) {
                    ps.setLong(1, id);
                    ps.setString(2, cut(t.play(), 255));
                    ps.setString(3, cut(t.task(), 255));
                    ps.setString(4, cut(t.host(), 255));
                    ps.setString(5, cut(t.action(), 255));
                    ps.setBoolean(6, t.changed());
                    ps.setBoolean(7, t.failed());
                    ps.setBoolean(8, t.skipped());
                    ps.setBoolean(9, t.unreachable());
                    ps.setBoolean(10, t.ignoreErrors());
                    if (t.durationSeconds() == null) {
                        ps.setNull(11, Types.DOUBLE);
                    } else {
                        ps.setDouble(11, t.durationSeconds());
                    }
                    ps.setString(12, cut(t.message(), 500));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the run of playbook " + run.playbook() + ": " + e.getMessage(), e);
        }
    }

    /** The latest runs, newest first, of one playbook or of all (null). */
    @Transactional
    public List<StoredRun> runs(String playbook, int limit) {
        String sql = "SELECT id, run_id, playbook, mode, file, format, hosts, failed_hosts, unreachable_hosts, tasks, "
                + "failure_rate, started_at, ended_at, via, created_by, imported_at FROM ansible_run"
                + (playbook == null ? "" : " WHERE playbook = ?") + " ORDER BY id DESC";
        List<StoredRun> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (playbook != null) {
                ps.setString(1, playbook);
            }
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    out.add(new StoredRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getDouble(11),
                            time(rs, 12), time(rs, 13), rs.getString(14), rs.getString(15), time(rs, 16)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored ansible runs", e);
        }
    }

    /**
     * The stored durations of each task (by name, over every playbook and host), at most {@code window} of the latest
     * per task, oldest first. Results that were skipped or unreachable say nothing about how long the task takes.
     */
    @Transactional
    public Map<String, List<Double>> durationsByTask(int window) {
        Map<String, List<Double>> byTask = new LinkedHashMap<>();
        String sql = "SELECT task, duration_seconds FROM ansible_task WHERE task IS NOT NULL AND duration_seconds IS NOT NULL "
                + "AND skipped = FALSE AND unreachable = FALSE ORDER BY task, id DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<Double> list = byTask.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                if (list.size() < window) {
                    list.add(rs.getDouble(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored task durations", e);
        }
        byTask.values().forEach(java.util.Collections::reverse);
        return byTask;
    }

    /** Every stored task result as a fact, oldest run first: what a backtest of the agent's tables replays. */
    @Transactional
    public List<Object> taskFacts() {
        String sql = "SELECT r.playbook, r.mode, t.play, t.task, t.host, t.action, t.changed, t.failed, t.skipped, "
                + "t.unreachable, t.ignore_errors, t.duration_seconds, t.message FROM ansible_task t "
                + "JOIN ansible_run r ON r.id = t.ansible_run_id ORDER BY t.ansible_run_id, t.id";
        List<Object> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double d = rs.getDouble(12);
                Double seconds = rs.wasNull() ? null : d;
                out.add(new TaskResult(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(1) + "/" + rs.getString(4) + "@" + rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8),
                        rs.getBoolean(9), rs.getBoolean(10), rs.getBoolean(11), seconds, rs.getString(13)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the stored task results", e);
        }
        return out;
    }

    private static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, t.atOffset(ZoneOffset.UTC));
        }
    }

    private static Instant time(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
