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
 * The cost and metric history the features are computed from. A row for a key already stored replaces it
 * (a re-import or a later collection of the same day wins). Every method is one transaction, so an import is
 * stored whole or not at all.
 */
@ApplicationScoped
public class CostHistory {

    /** An account and a day that received cost rows. */
    public record AccountDay(String account, LocalDate day) {
    }

    @Inject
    DataSource dataSource;

    @Transactional
    public void storeCosts(List<CostRecord> costs, String source, Instant recordedAt) {
        if (costs.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM cost_history WHERE usage_date = ? AND account = ? "
                     + "AND service = ? AND region = ? AND usage_type = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO cost_history (usage_date, account, service, region, "
                     + "usage_type, amount, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (CostRecord r : costs) {
                key(delete, r);
                delete.addBatch();
                key(insert, r);
                insert.setDouble(6, r.amount());
                insert.setString(7, source);
                insert.setObject(8, recordedAt.atOffset(ZoneOffset.UTC));
                insert.addBatch();
            }
            delete.executeBatch();
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store cost history: " + e.getMessage(), e);
        }
    }

    @Transactional
    public void storeMetrics(List<MetricSample> samples, String source, Instant recordedAt) {
        if (samples.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM metric_history WHERE namespace = ? AND metric = ? "
                     + "AND resource = ? AND ts = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO metric_history (ts, namespace, metric, resource, "
                     + "measured, capacity, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (MetricSample s : samples) {
                OffsetDateTime ts = (s.timestamp() == null ? recordedAt : s.timestamp()).atOffset(ZoneOffset.UTC);
                delete.setString(1, s.namespace());
                delete.setString(2, s.metric());
                delete.setString(3, s.resource());
                delete.setObject(4, ts);
                delete.addBatch();
                insert.setObject(1, ts);
                insert.setString(2, s.namespace());
                insert.setString(3, s.metric());
                insert.setString(4, s.resource());
                insert.setDouble(5, s.value());
                if (s.capacity() == null) {
                    insert.setNull(6, Types.DOUBLE);
                } else {
                    insert.setDouble(6, s.capacity());
                }
                insert.setString(7, source);
                insert.setObject(8, recordedAt.atOffset(ZoneOffset.UTC));
                insert.addBatch();
            }
            delete.executeBatch();
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store metric history: " + e.getMessage(), e);
        }
    }

    @Transactional
    public void storeForecasts(List<CostForecast> forecasts, Instant recordedAt) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM cost_forecast WHERE account = ? AND billing_month = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO cost_forecast (account, billing_month, mean, lower_bound, "
                     + "upper_bound, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (CostForecast f : forecasts) {
                delete.setString(1, orEmpty(f.account()));
                delete.setString(2, f.month().toString());
                delete.executeUpdate();
                insert.setString(1, orEmpty(f.account()));
                insert.setString(2, f.month().toString());
                insert.setDouble(3, f.mean());
                insert.setObject(4, f.lower());
                insert.setObject(5, f.upper());
                insert.setObject(6, recordedAt.atOffset(ZoneOffset.UTC));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store forecasts: " + e.getMessage(), e);
        }
    }

    /** The accounts and days whose cost rows arrived after {@code since}, oldest day first. */
    @Transactional
    public Set<AccountDay> costDaysRecordedSince(Instant since) {
        Set<AccountDay> days = new LinkedHashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT account, usage_date FROM cost_history WHERE recorded_at > ? "
                     + "ORDER BY usage_date, account")) {
            ps.setObject(1, since.atOffset(ZoneOffset.UTC));
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

    /** Metric samples that arrived after {@code since}, oldest first. */
    @Transactional
    public List<MetricSample> metricsRecordedSince(Instant since) {
        List<MetricSample> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT namespace, metric, resource, ts, measured, capacity "
                     + "FROM metric_history WHERE recorded_at > ? ORDER BY ts, id")) {
            ps.setObject(1, since.atOffset(ZoneOffset.UTC));
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
