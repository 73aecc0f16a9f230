package io.log2.agents.ansible.links;

import io.log2.agents.ansible.AnsibleAgent;
import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.instances.Ec2Instance;
import io.log2.agents.awsusage.instances.InstanceDirectory;
import io.log2.agents.awsusage.instances.InstanceDirectory.Match;
import io.log2.logs.FindingContext;
import io.log2.logs.LoggedFinding;
import io.log2.logs.RelatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Lists, in an aws-usage finding on an EC2 instance, the latest playbook runs in which a task failed (its failure
 * not ignored) or the host was unreachable on a host that is that instance: named by its id, one of its IPs or DNS
 * names or its Name tag, as the inventory last saw them ({@link InstanceDirectory}). One event per run and host, the
 * latest {@value #MAX_RUNS} runs. Reads the stored runs only.
 */
@ApplicationScoped
public class RunFailuresOnInstance implements FindingContext {

    public static final String FAILURES = "playbook-failures";
    static final int MAX_RUNS = 10;
    /** Enough task rows for {@link #MAX_RUNS} runs of a few failing tasks each. */
    private static final int MAX_ROWS = 500;

    @Inject
    DataSource dataSource;
    @Inject
    InstanceDirectory directory;

    @Override
    public List<RelatedEvent> relatedTo(LoggedFinding finding) {
        if (!AwsUsageAgent.NAME.equals(finding.agent) || finding.resource == null || !finding.resource.startsWith("i-")) {
            return List.of();
        }
        Optional<Match> known = directory.instance(finding.resource);
        List<String> hosts = known.map(m -> m.instance().hostNames()).orElse(List.of(finding.resource));
        return failures(finding.resource, known.map(Match::instance).orElse(null), hosts);
    }

    private List<RelatedEvent> failures(String instanceId, Ec2Instance instance, List<String> hosts) {
        String in = String.join(", ", Collections.nCopies(hosts.size(), "?"));
        String sql = "SELECT r.id, r.run_id, r.playbook, r.mode, r.started_at, r.imported_at, t.host, t.task, t.failed,"
                + " t.unreachable, t.message FROM ansible_run r JOIN ansible_task t ON t.ansible_run_id = r.id"
                + " WHERE t.host IN (" + in + ") AND (t.unreachable = TRUE OR (t.failed = TRUE AND t.ignore_errors = FALSE))"
                + " ORDER BY r.id DESC, t.id";
        Map<String, Run> runs = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < hosts.size(); i++) {
                ps.setString(i + 1, hosts.get(i));
            }
            ps.setMaxRows(MAX_ROWS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getLong(1) + "/" + rs.getString(7);
                    Run run = runs.get(key);
                    if (run == null) {
                        if (runs.size() == MAX_RUNS) {
                            break;
                        }
                        OffsetDateTime started = rs.getObject(5, OffsetDateTime.class);
                        run = new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                started == null ? null : started.toInstant(), rs.getObject(6, OffsetDateTime.class).toInstant(),
                                rs.getString(7), new ArrayList<>(), new ArrayList<>());
                        runs.put(key, run);
                    }
                    String task = rs.getString(8);
                    (rs.getBoolean(10) ? run.unreachable() : run.failed()).add(task);
                    if (run.message[0] == null) {
                        run.message[0] = rs.getString(11);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the playbook failures on instance " + instanceId, e);
        }
        return runs.values().stream().map(r -> r.event(instanceId, instance)).toList();
    }

    /** The failing tasks of one run on one host. */
    private record Run(long id, String runId, String playbook, String mode, Instant startedAt, Instant importedAt,
                       String host, List<String> failed, List<String> unreachable, String[] message) {

        Run(long id, String runId, String playbook, String mode, Instant startedAt, Instant importedAt, String host,
            List<String> failed, List<String> unreachable) {
            this(id, runId, playbook, mode, startedAt, importedAt, host, failed, unreachable, new String[1]);
        }

        RelatedEvent event(String instanceId, Ec2Instance instance) {
            String matchedBy = instance == null ? "instance id" : instance.matchedBy(host);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("import", id);
            details.put("runId", runId);
            details.put("playbook", playbook);
            details.put("mode", mode);
            details.put("startedAt", startedAt == null ? null : startedAt.toString());
            details.put("host", host);
            details.put("matchedBy", matchedBy);
            details.put("failedTasks", failed);
            details.put("unreachableTasks", unreachable);
            details.put("message", message[0]);
            StringBuilder summary = new StringBuilder("playbook ").append(playbook).append(" on host ").append(host);
            if (!host.equals(instanceId)) {
                summary.append(" (").append(instanceId).append(" by ").append(matchedBy).append(')');
            }
            summary.append(": ");
            if (!failed.isEmpty()) {
                summary.append(failed.size()).append(failed.size() == 1 ? " task failed" : " tasks failed");
            }
            if (!unreachable.isEmpty()) {
                summary.append(failed.isEmpty() ? "" : ", ").append("unreachable in ").append(unreachable.size())
                        .append(unreachable.size() == 1 ? " task" : " tasks");
            }
            if (message[0] != null) {
                summary.append(" - ").append(message[0].length() > 200 ? message[0].substring(0, 200) + "..." : message[0]);
            }
            return new RelatedEvent(AnsibleAgent.NAME, FAILURES, startedAt != null ? startedAt : importedAt,
                    summary.toString(), details);
        }
    }
}
