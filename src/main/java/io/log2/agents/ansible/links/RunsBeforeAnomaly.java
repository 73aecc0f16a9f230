package io.log2.agents.ansible.links;

import io.log2.agents.ansible.AnsibleConfig;
import io.log2.logs.FindingContext;
import io.log2.logs.LoggedFinding;
import io.log2.logs.RelatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Names, in the finding of an aws-usage metric anomaly, the playbook runs that started on the anomaly's resource
 * within {@code log2.ansible.link-window} before the anomaly began: a configuration change is a common cause of a
 * resource behaving differently. The host of a task result is matched to the finding's resource by name, as an
 * inventory that names its hosts by instance id (the aws_ec2 inventory plugin's {@code hostnames: instance-id})
 * does. Reads the stored runs only.
 */
@ApplicationScoped
public class RunsBeforeAnomaly implements FindingContext {

    /** The findings this applies to: those on a metric series of the aws-usage agent. */
    static final String AWS_USAGE = "aws-usage";
    static final Set<String> METRIC_FACTS = Set.of("MetricSample", "SampleFeatures");
    /** The most runs named in one finding: the latest ones. */
    static final int MAX_RUNS = 20;

    private static final String SQL = "SELECT r.id, r.run_id, r.playbook, r.mode, r.started_at, t.host,"
            + " SUM(CASE WHEN t.changed THEN 1 ELSE 0 END), SUM(CASE WHEN t.failed THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN t.unreachable THEN 1 ELSE 0 END)"
            + " FROM ansible_run r JOIN ansible_task t ON t.ansible_run_id = r.id"
            + " WHERE t.host = ? AND r.started_at >= ? AND r.started_at <= ?"
            + " GROUP BY r.id, r.run_id, r.playbook, r.mode, r.started_at, t.host"
            + " ORDER BY r.started_at DESC, r.id DESC";

    @Inject
    DataSource dataSource;
    @Inject
    AnsibleConfig config;

    @Override
    public List<RelatedEvent> relatedTo(LoggedFinding finding) {
        if (!AWS_USAGE.equals(finding.agent) || !METRIC_FACTS.contains(finding.factType) || finding.resource == null
                || finding.firstSeen == null) {
            return List.of();
        }
        Instant start = finding.firstSeen;
        Duration window = config.linkWindow();
        List<RelatedEvent> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setString(1, finding.resource);
            ps.setObject(2, OffsetDateTime.ofInstant(start.minus(window), ZoneOffset.UTC));
            ps.setObject(3, OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
            ps.setMaxRows(MAX_RUNS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(event(rs, start));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the playbook runs before finding " + finding.id, e);
        }
        return out;
    }

    private static RelatedEvent event(ResultSet rs, Instant anomaly) throws SQLException {
        Instant at = rs.getObject(5, OffsetDateTime.class).toInstant();
        String playbook = rs.getString(3);
        String host = rs.getString(6);
        long changed = rs.getLong(7);
        long failed = rs.getLong(8);
        long unreachable = rs.getLong(9);
        long minutes = Duration.between(at, anomaly).toMinutes();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("import", rs.getLong(1));
        details.put("runId", rs.getString(2));
        details.put("playbook", playbook);
        details.put("mode", rs.getString(4));
        details.put("startedAt", at.toString());
        details.put("host", host);
        details.put("changedTasks", changed);
        details.put("failedTasks", failed);
        details.put("unreachableTasks", unreachable);
        details.put("minutesBefore", minutes);
        String summary = String.format("playbook %s ran on %s %d min before the anomaly began: %d tasks changed, %d failed%s",
                playbook, host, minutes, changed, failed, unreachable > 0 ? ", " + unreachable + " unreachable" : "");
        return new RelatedEvent("ansible", "playbook-run", at, summary, details);
    }
}
