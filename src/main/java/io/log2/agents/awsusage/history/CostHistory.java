package io.log2.agents.awsusage.history;

import io.log2.agents.awsusage.CostForecast;
import io.log2.agents.awsusage.CostRecord;
import io.log2.agents.awsusage.MetricSample;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The cost and metric history the features are computed from, stored idempotently on natural keys with
 * {@code MERGE}: a row for a key already stored replaces it when its value changed (a re-import or a later
 * collection of the same day wins) and is left alone when it did not. What a cycle has not evaluated yet is found
 * by {@link HistorySequence} number, never by time. Every method is one transaction (or joins the caller's), so an
 * import is stored whole or not at all.
 */
@ApplicationScoped
public class CostHistory {

    /** An account and a day that received cost rows. */
    public record AccountDay(String account, LocalDate day) {
    }

    @Inject
    DataSource dataSource;

    /**
     * Stores cost rows, each keyed by day, account, service, region and usage type. A new key or a changed amount
     * gets this store's number, so the next cycle evaluates its day; a row stored again with the same amount
     * keeps its number and is not evaluated again.
     */
    @Transactional
    public void storeCosts(List<CostRecord> costs, String source, Instant recordedAt) {
        if (costs.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            long seq = HistorySequence.next(c);
            try (PreparedStatement merge = c.prepareStatement("MERGE INTO cost_history h USING (VALUES (CAST(? AS DATE), "
                    + "CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(255)), "
                    + "CAST(? AS DOUBLE PRECISION), CAST(? AS VARCHAR(64)), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT))) "
                    + "AS v (usage_date, account, service, region, usage_type, amount, source, recorded_at, seq) "
                    + "ON h.usage_date = v.usage_date AND h.account = v.account AND h.service = v.service "
                    + "AND h.region = v.region AND h.usage_type = v.usage_type "
                    + "WHEN MATCHED AND h.amount <> v.amount THEN UPDATE SET amount = v.amount, source = v.source, "
                    + "recorded_at = v.recorded_at, seq = v.seq "
                    + "WHEN NOT MATCHED THEN INSERT (usage_date, account, service, region, usage_type, amount, source, "
                    + "recorded_at, seq) VALUES (v.usage_date, v.account, v.service, v.region, v.usage_type, v.amount, "
                    + "v.source, v.recorded_at, v.seq)")) {
                for (CostRecord r : costs) {
                    key(merge, r);
                    merge.setDouble(6, r.amount());
                    merge.setString(7, source);
                    merge.setObject(8, recordedAt.atOffset(ZoneOffset.UTC));
                    merge.setLong(9, seq);
                    merge.addBatch();
                }
                merge.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store cost history: " + e.getMessage(), e);
        }
    }

    /**
     * Stores metric samples, each keyed by namespace, metric, resource and time. As with costs, only a new sample
     * or a changed value (the complete value of a period first read while it was partial) gets this store's number.
     */
    @Transactional
    public void storeMetrics(List<MetricSample> samples, String source, Instant recordedAt) {
        if (samples.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            long seq = HistorySequence.next(c);
            try (PreparedStatement merge = c.prepareStatement("MERGE INTO metric_history h USING (VALUES ("
                    + "CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(128)), "
                    + "CAST(? AS VARCHAR(512)), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION), "
                    + "CAST(? AS VARCHAR(64)), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS BIGINT))) "
                    + "AS v (ts, namespace, metric, resource, measured, capacity, source, recorded_at, seq) "
                    + "ON h.namespace = v.namespace AND h.metric = v.metric AND h.resource = v.resource AND h.ts = v.ts "
                    + "WHEN MATCHED AND (h.measured <> v.measured OR h.capacity IS DISTINCT FROM v.capacity) THEN UPDATE "
                    + "SET measured = v.measured, capacity = v.capacity, source = v.source, recorded_at = v.recorded_at, "
                    + "seq = v.seq "
                    + "WHEN NOT MATCHED THEN INSERT (ts, namespace, metric, resource, measured, capacity, source, "
                    + "recorded_at, seq) VALUES (v.ts, v.namespace, v.metric, v.resource, v.measured, v.capacity, "
                    + "v.source, v.recorded_at, v.seq)")) {
                for (MetricSample s : samples) {
                    merge.setObject(1, (s.timestamp() == null ? recordedAt : s.timestamp()).atOffset(ZoneOffset.UTC));
                    merge.setString(2, s.namespace());
                    merge.setString(3, s.metric());
                    merge.setString(4, s.resource());
                    merge.setDouble(5, s.value());
                    if (s.capacity() == null) {
                        merge.setNull(6, Types.DOUBLE);
                    } else {
                        merge.setDouble(6, s.capacity());
                    }
                    merge.setString(7, source);
                    merge.setObject(8, recordedAt.atOffset(ZoneOffset.UTC));
                    merge.setLong(9, seq);
                    merge.addBatch();
                }
                merge.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store metric history: " + e.getMessage(), e);
        }
    }

    /** Stores month-end forecasts, one per account and month: the latest wins. */
    @Transactional
    public void storeForecasts(List<CostForecast> forecasts, Instant recordedAt) {
        if (forecasts.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement merge = c.prepareStatement("MERGE INTO cost_forecast h USING (VALUES ("
                     + "CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(7)), CAST(? AS DOUBLE PRECISION), "
                     + "CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION), CAST(? AS TIMESTAMP WITH TIME ZONE))) "
                     + "AS v (account, billing_month, mean, lower_bound, upper_bound, recorded_at) "
                     + "ON h.account = v.account AND h.billing_month = v.billing_month "
                     + "WHEN MATCHED THEN UPDATE SET mean = v.mean, lower_bound = v.lower_bound, "
                     + "upper_bound = v.upper_bound, recorded_at = v.recorded_at "
                     + "WHEN NOT MATCHED THEN INSERT (account, billing_month, mean, lower_bound, upper_bound, recorded_at) "
                     + "VALUES (v.account, v.billing_month, v.mean, v.lower_bound, v.upper_bound, v.recorded_at)")) {
            for (CostForecast f : forecasts) {
                merge.setString(1, orEmpty(f.account()));
                merge.setString(2, f.month().toString());
                merge.setDouble(3, f.mean());
                setDouble(merge, 4, f.lower());
                setDouble(merge, 5, f.upper());
                merge.setObject(6, recordedAt.atOffset(ZoneOffset.UTC));
                merge.addBatch();
            }
            merge.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store forecasts: " + e.getMessage(), e);
        }
    }

    /** The number of the last store committed: everything numbered up to it can be read now. */
    @Transactional
    public long committedThrough() {
        try (Connection c = dataSource.getConnection()) {
            return HistorySequence.committed(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The accounts and days whose cost rows were added or changed by the stores numbered after {@code after} up to {@code through}, oldest day first. */
    @Transactional
    public Set<AccountDay> costDaysArrived(long after, long through) {
        Set<AccountDay> days = new LinkedHashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT account, usage_date FROM cost_history "
                     + "WHERE seq > ? AND seq <= ? ORDER BY usage_date, account")) {
            ps.setLong(1, after);
            ps.setLong(2, through);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    days.add(new AccountDay(rs.getString(1), rs.getDate(2).toLocalDate()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return days;
    }

    /** An account's cost rows from {@code from} to {@code to}, both included. */
    @Transactional
    public List<CostRecord> costs(String account, LocalDate from, LocalDate to) {
        List<CostRecord> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT usage_date, service, region, usage_type, amount FROM cost_history "
                     + "WHERE account = ? AND usage_date >= ? AND usage_date <= ? ORDER BY usage_date")) {
            ps.setString(1, account);
            ps.setDate(2, Date.valueOf(from));
            ps.setDate(3, Date.valueOf(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CostRecord(rs.getDate(1).toLocalDate(), nullIfEmpty(account), rs.getString(2),
                            nullIfEmpty(rs.getString(3)), nullIfEmpty(rs.getString(4)), rs.getDouble(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Metric samples added or changed by the stores numbered after {@code after} up to {@code through}, oldest first. */
    @Transactional
    public List<MetricSample> metricsArrived(long after, long through) {
        List<MetricSample> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT namespace, metric, resource, ts, measured, capacity "
                     + "FROM metric_history WHERE seq > ? AND seq <= ? ORDER BY ts, id")) {
            ps.setLong(1, after);
            ps.setLong(2, through);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double capacity = rs.getDouble(6);
                    out.add(new MetricSample(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getDouble(5), rs.wasNull() ? null : capacity));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * One series' samples from {@code from} to {@code to}, both included, after the {@code before} samples that precede
     * {@code from}: the history its features are computed from. Oldest first.
     */
    @Transactional
    public List<MetricSample> metricSeries(String namespace, String metric, String resource, Instant from, Instant to, int before) {
        List<MetricSample> earlier = new ArrayList<>();
        List<MetricSample> out = new ArrayList<>();
        String select = "SELECT namespace, metric, resource, ts, measured, capacity FROM metric_history "
                + "WHERE namespace = ? AND metric = ? AND resource = ? ";
        try (Connection c = dataSource.getConnection();
             PreparedStatement past = c.prepareStatement(select + "AND ts < ? ORDER BY ts DESC LIMIT ?");
             PreparedStatement span = c.prepareStatement(select + "AND ts >= ? AND ts <= ? ORDER BY ts")) {
            for (PreparedStatement ps : List.of(past, span)) {
                ps.setString(1, namespace);
                ps.setString(2, metric);
                ps.setString(3, resource);
                ps.setObject(4, from.atOffset(ZoneOffset.UTC));
            }
            past.setInt(5, before);
            span.setObject(5, to.atOffset(ZoneOffset.UTC));
            readSamples(past, earlier);
            readSamples(span, out);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        java.util.Collections.reverse(earlier);
        earlier.addAll(out);
        return earlier;
    }

    private static void readSamples(PreparedStatement ps, List<MetricSample> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double capacity = rs.getDouble(6);
                out.add(new MetricSample(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getDouble(5), rs.wasNull() ? null : capacity));
            }
        }
    }

    @Transactional
    public Optional<CostForecast> forecast(String account, YearMonth month) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT mean, lower_bound, upper_bound FROM cost_forecast "
                     + "WHERE account = ? AND billing_month = ?")) {
            ps.setString(1, account);
            ps.setString(2, month.toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(new CostForecast(nullIfEmpty(account), month, rs.getDouble(1),
                            (Double) rs.getObject(2, Double.class), (Double) rs.getObject(3, Double.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return Optional.empty();
    }

    @Transactional
    public boolean isEmpty() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT (SELECT COUNT(*) FROM cost_history) + (SELECT COUNT(*) FROM metric_history)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) == 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    private static void key(PreparedStatement ps, CostRecord r) throws SQLException {
        ps.setDate(1, Date.valueOf(r.date()));
        ps.setString(2, orEmpty(r.account()));
        ps.setString(3, orEmpty(r.service()));
        ps.setString(4, orEmpty(r.region()));
        ps.setString(5, orEmpty(r.usageType()));
    }

    /** Key columns hold '' for "not given", since NULLs never compare equal in a unique key. */
    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static String nullIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
