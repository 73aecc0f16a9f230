package io.log2.agents.awsusage.savings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The opportunities of the last scan of each account and region, in table {@code savings_opportunity}. */
@ApplicationScoped
public class SavingsStore {

    /** A stored opportunity and when its scan found it. */
    public record Stored(SavingsOpportunity opportunity, Instant foundAt) {
    }

    @Inject
    DataSource dataSource;

    /** Replaces the opportunities of one account and region (null: those spanning regions) with {@code found}. */
    @Transactional
    public void replace(String account, String region, List<SavingsOpportunity> found, Instant foundAt) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM savings_opportunity WHERE account = ? AND region = ?")) {
                delete.setString(1, text(account));
                delete.setString(2, text(region));
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO savings_opportunity (account, region, kind,"
                    + " resource_type, resource_id, evidence, recommendation, monthly_saving, period_from, period_to,"
                    + " found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (SavingsOpportunity o : found) {
                    insert.setString(1, text(account));
                    insert.setString(2, text(region));
                    insert.setString(3, o.kind());
                    insert.setString(4, o.resourceType());
                    insert.setString(5, o.resource());
                    insert.setString(6, o.evidence());
                    insert.setString(7, o.recommendation());
                    if (o.monthlySaving() == null) {
                        insert.setNull(8, Types.NUMERIC);
                    } else {
                        insert.setBigDecimal(8, BigDecimal.valueOf(o.monthlySaving()));
                    }
                    insert.setDate(9, o.from() == null ? null : Date.valueOf(o.from()));
                    insert.setDate(10, o.to() == null ? null : Date.valueOf(o.to()));
                    insert.setObject(11, OffsetDateTime.ofInstant(foundAt, java.time.ZoneOffset.UTC));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the savings opportunities", e);
        }
    }

    /** Every stored opportunity, the largest saving first (unpriced last). */
    @Transactional
    public List<Stored> all() {
        List<Stored> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT account, region, kind, resource_type, resource_id,"
                     + " evidence, recommendation, monthly_saving, period_from, period_to, found_at"
                     + " FROM savings_opportunity ORDER BY CASE WHEN monthly_saving IS NULL THEN 1 ELSE 0 END,"
                     + " monthly_saving DESC, kind, resource_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                BigDecimal saving = rs.getBigDecimal(8);
                Date from = rs.getDate(9);
                Date to = rs.getDate(10);
                out.add(new Stored(new SavingsOpportunity(rs.getString(3), nullIfEmpty(rs.getString(1)),
                        nullIfEmpty(rs.getString(2)), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        saving == null ? null : saving.doubleValue(), from == null ? null : from.toLocalDate(),
                        to == null ? null : to.toLocalDate()), rs.getObject(11, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the savings opportunities", e);
        }
        return out;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String nullIfEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
