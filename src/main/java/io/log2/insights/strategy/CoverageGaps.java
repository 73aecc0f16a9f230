package io.log2.insights.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the agent pays for or measures but no rule reads. A rule reads a service when one of its findings in the span
 * names the service as its resource (a service's cost findings do); it reads a resource when any firing of the
 * agent, at any time, names that resource. The table rows themselves are not read: a row that names no service (the
 * shipped optimisation row reads every service) would cover everything while it never once looked at a cheap one.
 */
@ApplicationScoped
public class CoverageGaps {

    /** A service with cost in the span that no finding in the span names, with its cost there. */
    public record UnwatchedService(String service, double cost, int accounts, int days) {
    }

    /** A metric series of a resource no firing ever named. */
    public record Series(String namespace, String metric, long samples) {
    }

    public record UnwatchedResource(String resource, List<Series> series) {
    }

    @Inject
    DataSource dataSource;

    /** Services with cost in the span that no finding in the span names, the most expensive first. */
    public List<UnwatchedService> services(String agent, Span span) throws SQLException {
        List<UnwatchedService> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT h.service, SUM(h.amount), COUNT(DISTINCT h.account), "
                     + "COUNT(DISTINCT h.usage_date) FROM cost_history h WHERE h.usage_date >= ? AND h.usage_date <= ? "
                     + "AND NOT EXISTS (SELECT 1 FROM finding f WHERE f.agent = ? AND f.resource = h.service AND "
                     + Span.FINDINGS + ") GROUP BY h.service ORDER BY SUM(h.amount) DESC, h.service")) {
            ps.setObject(1, span.firstDay());
            ps.setObject(2, span.lastDay());
            ps.setString(3, agent);
            span.bindFindings(ps, 4);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new UnwatchedService(rs.getString(1), rs.getDouble(2), rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        return out;
    }

    /** Resources with metric samples in the span that no firing of the agent ever named, by resource. */
    public List<UnwatchedResource> resources(String agent, Span span) throws SQLException {
        Map<String, List<Series>> byResource = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT m.resource, m.namespace, m.metric, COUNT(*) "
                     + "FROM metric_history m WHERE m.ts >= ? AND m.ts < ? AND NOT EXISTS (SELECT 1 FROM firing fi "
                     + "WHERE fi.resource = m.resource AND fi.agent = ?) "
                     + "GROUP BY m.resource, m.namespace, m.metric ORDER BY m.resource, m.namespace, m.metric")) {
            ps.setObject(1, span.from().atOffset(java.time.ZoneOffset.UTC));
            ps.setObject(2, span.to().atOffset(java.time.ZoneOffset.UTC));
            ps.setString(3, agent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byResource.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Series(rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
        }
        List<UnwatchedResource> out = new ArrayList<>();
        byResource.forEach((resource, series) -> out.add(new UnwatchedResource(resource, series)));
        return out;
    }
}
