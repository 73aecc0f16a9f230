package io.log2.intelligence.proposal;

import io.log2.logs.retention.RetentionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The labels of an agent's findings as people (or labelled imports) gave them: each finding's latest label, when it was
 * given within {@code log2.retention.label-window}.
 */
@ApplicationScoped
public class FeedbackLabels implements FindingLabels {

    @Inject
    DataSource dataSource;
    @Inject
    RetentionConfig retention;

    @Override
    @Transactional
    public List<Label> labels(String agent) {
        List<Label> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT f.resource, f.first_seen, f.last_seen, fb.label FROM finding f "
                     + "JOIN finding_feedback fb ON fb.id = f.feedback_id WHERE f.agent = ? AND f.resource IS NOT NULL "
                     + "AND fb.given_at >= ? ORDER BY f.id")) {
            ps.setString(1, agent);
            // the labels the learners read: those given within the label window
            ps.setObject(2, java.time.Instant.now().minus(retention.labelWindow()).atOffset(java.time.ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Label(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the labels of agent " + agent, e);
        }
        return out;
    }

    /** How many alert findings first raised by a version of an agent are labelled useful and noise: {useful, noise}. */
    @Transactional
    public long[] ofVersion(String agent, int version) {
        long[] counts = new long[2];
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT fb.label, COUNT(*) FROM finding f "
                     + "JOIN finding_feedback fb ON fb.id = f.feedback_id JOIN run r ON r.id = f.first_run_id "
                     + "WHERE f.agent = ? AND f.kind = 'alert' AND r.agent = ? AND r.version = ? GROUP BY fb.label")) {
            ps.setString(1, agent);
            ps.setString(2, agent);
            ps.setInt(3, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (USEFUL.equals(rs.getString(1))) {
                        counts[0] = rs.getLong(2);
                    } else if (NOISE.equals(rs.getString(1))) {
                        counts[1] = rs.getLong(2);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the labels of agent " + agent + " version " + version, e);
        }
        return counts;
    }
}
