package io.log2.agents.awsusage.forecast;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Daily cost per service from the stored cost history, summed in the database; one account or all of them. */
@ApplicationScoped
public class CostSeries {

    /** What one service cost on one day. */
    public record ServiceDay(LocalDate day, String service, double amount) {
    }

    @Inject
    DataSource dataSource;

    /** The last day with cost rows, at or before {@code atMost} when given; for one account, or all when null. */
    @Transactional
    public Optional<LocalDate> lastDay(String account, LocalDate atMost) {
        String sql = "SELECT MAX(usage_date) FROM cost_history WHERE 1 = 1"
                + (account != null ? " AND account = ?" : "") + (atMost != null ? " AND usage_date <= ?" : "");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (account != null) {
                ps.setString(i++, account);
            }
            if (atMost != null) {
                ps.setDate(i, Date.valueOf(atMost));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Date d = rs.getDate(1);
                return Optional.ofNullable(d).map(Date::toLocalDate);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cost Explorer's month-end forecasts collected for the account ({@code ""}: no account), the day each was recorded. */
    @Transactional
    public List<ForecastBacktest.CollectedForecast> collectedForecasts(String account) {
        List<ForecastBacktest.CollectedForecast> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT billing_month, "
                + "recorded_at, mean, lower_bound, upper_bound FROM cost_forecast WHERE account = ? ORDER BY billing_month")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ForecastBacktest.CollectedForecast(java.time.YearMonth.parse(rs.getString(1)),
                            rs.getObject(2, java.time.OffsetDateTime.class).atZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDate(),
                            rs.getDouble(3), rs.getObject(4, Double.class), rs.getObject(5, Double.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Each service's cost of each day from {@code from} to {@code to}, both included, oldest first. */
    @Transactional
    public List<ServiceDay> daily(String account, LocalDate from, LocalDate to) {
        String sql = "SELECT usage_date, service, SUM(amount) FROM cost_history WHERE usage_date >= ? AND usage_date <= ?"
                + (account != null ? " AND account = ?" : "") + " GROUP BY usage_date, service ORDER BY usage_date, service";
        List<ServiceDay> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDate(1, Date.valueOf(from));
            ps.setDate(2, Date.valueOf(to));
            if (account != null) {
                ps.setString(3, account);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ServiceDay(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getDouble(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
