package io.log2.agents.ansible.links;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.ansible.AnsibleAgent;
import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.instances.Ec2Instance;
import io.log2.agents.awsusage.instances.InstanceDirectory;
import io.log2.agents.awsusage.instances.InstanceDirectory.Match;
import io.log2.logs.AuditQueries;
import io.log2.logs.FindingContext;
import io.log2.logs.LoggedFinding;
import io.log2.logs.RelatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Names, in the finding of a failed or unreachable host, a drift or an ignored failure of the ansible agent, the EC2
 * instance the host is (matched by the aws-usage agent's inventory: by IP, DNS name or Name tag, see
 * {@link InstanceDirectory}), and the aws-usage findings on that instance. A host whose instance is stopped or
 * terminated is explained (it was not reachable because the instance was down, not because of the playbook) only
 * when that state was seen at or before the playbook run started: the inventory keeps the last state seen, and a
 * state seen after the run may have come after the failure. A run with no start time is taken at its import. Reads
 * the finding's first firing, its playbook run and the stored inventory; writes nothing.
 */
@ApplicationScoped
public class HostInstance implements FindingContext {

    static final Set<String> HOST_FACTS = Set.of("HostRecap", "TaskResult");
    public static final String INSTANCE = "ec2-instance";
    public static final String FINDING = "finding";
    /** The most aws-usage findings of the instance named: the latest ones. */
    static final int MAX_FINDINGS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The host of the finding's fact and whether that fact says the host was unreachable or failed. */
    record Host(String name, boolean unreachable, boolean failed) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    AuditQueries log;
    @Inject
    InstanceDirectory directory;

    @Override
    public List<RelatedEvent> relatedTo(LoggedFinding finding) {
        if (!AnsibleAgent.NAME.equals(finding.agent) || !HOST_FACTS.contains(finding.factType)) {
            return List.of();
        }
        Optional<Host> host = host(finding);
        if (host.isEmpty()) {
            return List.of();
        }
        Optional<Match> match = directory.host(host.get().name());
        if (match.isEmpty()) {
            return List.of();
        }
        List<RelatedEvent> out = new ArrayList<>();
        out.add(instance(host.get(), match.get(), runAt(finding)));
        out.addAll(findingsOn(match.get().instance().instanceId()));
        return out;
    }

    private static RelatedEvent instance(Host host, Match match, Optional<Instant> runAt) {
        Ec2Instance i = match.instance();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("host", host.name());
        details.put("instanceId", i.instanceId());
        details.put("region", i.region());
        details.put("name", i.name());
        details.put("state", i.state());
        details.put("stateReason", i.stateReason());
        details.put("privateIp", i.privateIp());
        details.put("publicIp", i.publicIp());
        details.put("privateDns", i.privateDns());
        details.put("matchedBy", match.matchedBy());
        details.put("sameNameInstances", match.candidates());
        details.put("seenAt", match.seenAt().toString());
        details.put("runAt", runAt.map(Instant::toString).orElse(null));
        boolean downWhenFailed = i.down() && (host.unreachable() || host.failed());
        boolean seenBeforeRun = runAt.isPresent() && !match.seenAt().isAfter(runAt.get());
        boolean explains = downWhenFailed && seenBeforeRun;
        details.put("explainsTheFailure", explains);
        StringBuilder summary = new StringBuilder("host ").append(host.name()).append(" is EC2 instance ").append(i.instanceId());
        if (i.name() != null && !i.name().equals(host.name())) {
            summary.append(" (").append(i.name()).append(')');
        }
        summary.append(", matched by ").append(match.matchedBy());
        if (match.candidates() > 1) {
            summary.append(" (").append(match.candidates()).append(" instances have it; the ")
                    .append(Ec2Instance.RUNNING.equals(i.state()) ? "latest seen running" : "latest seen").append(" one is taken)");
        }
        summary.append("; ").append(i.state() == null ? "its state is unknown" : i.state());
        if (i.stateReason() != null) {
            summary.append(": ").append(i.stateReason());
        }
        if (explains) {
            summary.append(host.unreachable() ? " - the instance is down, which explains why the host was unreachable"
                    : " - the instance is down, which may explain the failure");
        } else if (downWhenFailed) {
            summary.append(" - as last seen at ").append(match.seenAt()).append(runAt.map(r -> ", after the run (" + r
                    + "): it may have gone down after the host failed").orElse(""));
        }
        return new RelatedEvent(AwsUsageAgent.NAME, INSTANCE, match.seenAt(), summary.toString(), details);
    }

    /** The aws-usage findings on the instance, latest first. */
    private List<RelatedEvent> findingsOn(String instanceId) {
        List<RelatedEvent> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT id, rule, state,"
                + " severity, message, last_seen FROM finding WHERE agent = ? AND resource = ? ORDER BY last_seen DESC, id DESC")) {
            ps.setString(1, AwsUsageAgent.NAME);
            ps.setString(2, instanceId);
            ps.setMaxRows(MAX_FINDINGS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("finding", rs.getLong(1));
                    details.put("rule", rs.getString(2));
                    details.put("state", rs.getString(3));
                    details.put("severity", rs.getString(4));
                    details.put("instanceId", instanceId);
                    String summary = String.format("aws-usage finding %d on %s (%s, %s): %s", rs.getLong(1), instanceId,
                            rs.getString(2), rs.getString(3), rs.getString(5));
                    out.add(new RelatedEvent(AwsUsageAgent.NAME, FINDING, rs.getObject(6, OffsetDateTime.class).toInstant(),
                            summary, details));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the aws-usage findings of instance " + instanceId, e);
        }
        return out;
    }

    /** When the playbook run of the finding's first firing started, or was imported when it has no start. */
    private Optional<Instant> runAt(LoggedFinding finding) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT started_at, imported_at FROM ansible_run WHERE run_id = ?")) {
            ps.setString(1, finding.firstRunId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                OffsetDateTime started = rs.getObject(1, OffsetDateTime.class);
                return Optional.of((started != null ? started : rs.getObject(2, OffsetDateTime.class)).toInstant());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the playbook run of finding " + finding.id, e);
        }
    }

    /** The host in the finding's first firing. */
    private Optional<Host> host(LoggedFinding finding) {
        try {
            Optional<String> facts = log.factsOfFiring(finding.firstRunId, finding.firstFiringSeq);
            if (facts.isEmpty()) {
                return Optional.empty();
            }
            for (JsonNode fact : JSON.readTree(facts.get())) {
                if (HOST_FACTS.contains(fact.path("type").asText()) && fact.hasNonNull("host")) {
                    return Optional.of(new Host(fact.get("host").asText(), said(fact.get("unreachable")),
                            said(fact.get("failed"))));
                }
            }
            return Optional.empty();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot read the host of finding " + finding.id, e);
        }
    }

    /** A count above zero (a recap) or true (a task result). */
    private static boolean said(JsonNode v) {
        return v != null && (v.isBoolean() ? v.asBoolean() : v.asInt(0) > 0);
    }
}
