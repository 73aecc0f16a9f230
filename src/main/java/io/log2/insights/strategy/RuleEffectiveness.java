package io.log2.insights.strategy;

import io.log2.logic.RuleInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * How well each rule works: its findings in the span, the share of its labelled findings people (or labelled
 * imports) called useful and noise, and how long after the event each finding was raised. The counts are summed in
 * the database; the delays are read per finding, joined to the finding's first firing and the run that made it.
 */
@ApplicationScoped
public class RuleEffectiveness {

    /** One rule's figures; the shares are of its labelled findings, null while none is labelled. */
    public record RuleEffect(String rule, String file, Integer row, long findings, long labelled, long useful,
                             long noise, long expected, Double usefulShare, Double noiseShare, Delays delay) {
    }

    @Inject
    DataSource dataSource;

    /** Every rule with findings in the span, and every rule of the active version, by name. */
    public List<RuleEffect> of(String agent, Span span, Collection<RuleInfo> activeRules) throws SQLException {
        Map<String, long[]> counts = new TreeMap<>();
        activeRules.forEach(r -> counts.put(r.name(), new long[4]));
        Map<String, List<Double>> delays = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT f.rule, COUNT(*), "
                    + "SUM(CASE WHEN fb.label = 'useful' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN fb.label = 'noise' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN fb.label = 'expected' THEN 1 ELSE 0 END) "
                    + "FROM finding f LEFT JOIN finding_feedback fb ON fb.id = f.feedback_id "
                    + "WHERE f.agent = ? AND " + Span.FINDINGS + " GROUP BY f.rule")) {
                ps.setString(1, agent);
                span.bindFindings(ps, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT f.rule, f.period, f.first_seen, r.started_at, fi.fired_at "
                    + "FROM finding f JOIN firing fi ON fi.run_id = f.first_run_id AND fi.seq = f.first_firing_seq "
                    + "JOIN run r ON r.id = f.first_run_id WHERE f.agent = ? AND " + Span.FINDINGS)) {
                ps.setString(1, agent);
                span.bindFindings(ps, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant event = EventTime.of(rs.getString(2), instant(rs, 3), instant(rs, 4));
                        if (event != null) {
                            double seconds = Duration.between(event, instant(rs, 5)).toNanos() / 1e9;
                            delays.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(seconds);
                        }
                    }
                }
            }
        }
        Map<String, RuleInfo> info = new TreeMap<>();
        activeRules.forEach(r -> info.put(r.name(), r));
        List<RuleEffect> out = new ArrayList<>();
        counts.forEach((rule, n) -> {
            long labelled = n[1] + n[2] + n[3];
            RuleInfo r = info.get(rule);
            out.add(new RuleEffect(rule, r == null ? null : r.file(), r == null ? null : r.row(), n[0], labelled, n[1], n[2],
                    n[3], labelled == 0 ? null : n[1] / (double) labelled, labelled == 0 ? null : n[2] / (double) labelled,
                    Delays.of(delays.getOrDefault(rule, List.of()))));
        });
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
