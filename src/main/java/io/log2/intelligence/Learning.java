package io.log2.intelligence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.cluster.Lease;
import io.log2.intelligence.TableRowIndex.TableRow;
import io.log2.intelligence.proposal.Proposal;
import io.log2.intelligence.proposal.ProposalRefusedException;
import io.log2.intelligence.proposal.ProposalService;
import io.log2.intelligence.proposal.ProposalService.NewProposal;
import io.log2.intelligence.proposal.ReplayHistory;
import io.log2.intelligence.score.Window;
import io.log2.logic.AgentConflictException;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.RuleSetService;
import io.log2.logs.retention.RetentionConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Closes the loop inside the service: builds a {@link Training} from what the service stored — the agent's metric
 * samples with their causal features, and the labels people and labelled imports gave the findings — runs every
 * {@link Learner} bean on it, and turns each learner's rows into a proposal, which is then validated, backtested,
 * approved and deployed like any other. A sample is an anomaly when a finding labelled {@code useful} on its
 * resource covers its time; {@code noise} and {@code expected} findings mark no anomaly (an expected finding is true
 * but accepted: nothing a new row should alert on), while the noise learner counts expected findings as ones to keep.
 */
@ApplicationScoped
public class Learning {

    private static final Logger LOG = Logger.getLogger(Learning.class);
    static final String USEFUL = "useful";
    static final String NOISE = "noise";
    static final String EXPECTED = "expected";

    /** What to learn from: the samples and findings of these resources (all when empty) within from..to (open ends). */
    public record Scope(List<String> resources, Instant from, Instant to) {

        public static final Scope ALL = new Scope(List.of(), null, null);

        public Scope {
            resources = resources == null ? List.of() : List.copyOf(resources);
        }

        boolean covers(String resource, Instant time) {
            return (resources.isEmpty() || resources.contains(resource)) && (from == null || !time.isBefore(from))
                    && (to == null || !time.isAfter(to));
        }
    }

    /** What one learner did: its rows and the proposal they became (null when it had nothing to propose). */
    public record Outcome(String learner, int rows, Long proposal, String state, String reason) {
    }

    /** One learning pass: the training it ran on and what each learner made of it. */
    public record Report(String agent, Instant trainingFrom, Instant trainingTo, int series, int samples,
                         int anomalousSamples, int labelledFindings, List<Outcome> learners) {
    }

    /** A labelled finding as learning reads it. */
    record LabelledFinding(long id, String rule, String resource, Instant from, Instant to, String label, Double peak) {
    }

    @Inject
    Learners learners;
    @Inject
    ProposalService proposals;
    @Inject
    RuleSetService ruleSets;
    @Inject
    @Any
    Instance<ReplayHistory> histories;
    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper json;
    @Inject
    RetentionConfig retention;

    @Inject
    Lease lease;

    /** What a learning pass trains on, read and checked before any learner runs. */
    public record Prepared(String agent, Training training, Instant from, Instant to, int labelledFindings) {
    }

    /** Learns from the agent's stored, labelled history and proposes what each learner found. */
    public Report learn(String agent, Scope scope, String user) {
        return learn(prepare(agent, scope), user);
    }

    /**
     * Reads the training and refuses a pass that cannot learn (unknown agent, a window that ends before it starts, no
     * labelled findings), so that a pass run in the background fails here, before it is accepted.
     */
    public Prepared prepare(String agent, Scope scope) {
        io.log2.logic.Agent definition = ruleSets.agent(agent);
        Scope s = scope == null ? Scope.ALL : scope;
        if (s.from() != null && s.to() != null && s.to().isBefore(s.from())) {
            throw new InvalidRequestException("the training window ends before it starts", "/to");
        }
        io.log2.logic.CompiledRuleSet active = ruleSets.active(agent).compiled();
        TableRowIndex tables = TableRowIndex.of(active.files());
        Map<String, RowThreshold> thresholds = thresholds(tables, NumericFields.of(definition, active));
        List<LabelledFinding> findings = findings(agent, s, thresholds);
        if (findings.isEmpty()) {
            throw new InvalidRequestException("agent " + agent + " has no labelled findings"
                    + (s.equals(Scope.ALL) ? "" : " in the training scope") + " to learn from: label findings with "
                    + "POST /api/findings/{id}/feedback or import labelled history first", "/resources");
        }
        Training training = new Training(series(agent, s, findings), rows(findings, tables, thresholds));
        Instant from = null;
        Instant to = null;
        for (LabelledSeries series : training.series()) {
            for (Sample f : series.features()) {
                from = from == null || f.timestamp().isBefore(from) ? f.timestamp() : from;
                to = to == null || f.timestamp().isAfter(to) ? f.timestamp() : to;
            }
        }
        for (LabelledFinding f : findings) {
            from = from == null || f.from().isBefore(from) ? f.from() : from;
            to = to == null || f.to().isAfter(to) ? f.to() : to;
        }
        return new Prepared(agent, training, from, to, findings.size());
    }

    /**
     * Runs every learner on the training and turns what each finds into a proposal. One learner run per agent at a
     * time among the instances sharing the database, so the same finding is not proposed twice.
     *
     * @throws AgentConflictException while the agent's learners run on another instance (or another request here)
     */
    public Report learn(Prepared prepared, String user) {
        String agent = prepared.agent();
        return lease.callIfFree("learning: " + agent, () -> learnHeld(prepared, user))
                .orElseThrow(() -> new AgentConflictException("the learners of agent '" + agent
                        + "' are running already, on this instance or another; try again when they have finished"));
    }

    private Report learnHeld(Prepared prepared, String user) {
        Training training = prepared.training();
        List<Outcome> outcomes = new ArrayList<>();
        for (Learner learner : learners.all()) {
            outcomes.add(run(prepared.agent(), learner, training, prepared.from(), prepared.to(), user));
        }
        return new Report(prepared.agent(), prepared.from(), prepared.to(), training.series().size(), training.samples(),
                training.anomalousSamples(), prepared.labelledFindings(), outcomes);
    }

    private Outcome run(String agent, Learner learner, Training training, Instant from, Instant to, String user) {
        Learned learned;
        try {
            learned = learner.learn(training);
        } catch (RuntimeException e) {
            LOG.errorf(e, "learner %s failed on agent %s", learner.name(), agent);
            return new Outcome(learner.name(), 0, null, null, "the learner failed: " + e.getClass().getSimpleName());
        }
        if (learned.rows().isEmpty()) {
            return new Outcome(learner.name(), 0, null, null, "nothing to propose");
        }
        String reason = reason(learned);
        try {
            Proposal p = proposals.propose(agent, new NewProposal(learner.name(), from, to, training.samples(), reason,
                    TableEditor.withoutProvenance(learned.rows())), user);
            return new Outcome(learner.name(), learned.rows().size(), p.id, p.state, reason);
        } catch (ProposalRefusedException e) {
            Proposal p = proposals.proposal(e.proposal());
            return new Outcome(learner.name(), learned.rows().size(), p.id, p.state, p.decisionReason);
        } catch (RuntimeException e) {
            // rows that do not fit the active tables (an edited sheet): nothing was stored, say so and go on
            LOG.warnf("learner %s on agent %s: its rows were not proposed: %s", learner.name(), agent, e.getMessage());
            return new Outcome(learner.name(), learned.rows().size(), null, null, "not proposed: " + e.getMessage());
        }
    }

    /** The proposal's reason: the learner's own reasons with the sample counts, within the 1,000 characters allowed. */
    private static String reason(Learned learned) {
        Learned.Evidence e = learned.evidence();
        StringBuilder text = new StringBuilder("learned by " + e.learner() + " from " + e.series() + " series, "
                + e.samples() + " samples (" + e.anomalousSamples() + " in useful findings), training window "
                + e.trainingWindow() + ":");
        learned.rows().stream().map(RowChange::reason).distinct().forEach(r -> text.append(' ').append(r).append(';'));
        return text.length() > 1000 ? text.substring(0, 997) + "..." : text.toString();
    }

    /** The agent's stored samples in scope, one series per namespace, metric and resource, oldest first. */
    private List<LabelledSeries> series(String agent, Scope scope, List<LabelledFinding> findings) {
        Map<String, List<Sample>> byKey = new LinkedHashMap<>();
        for (ReplayHistory history : histories) {
            if (!history.agent().equals(agent)) {
                continue;
            }
            for (Object fact : history.facts()) {
                if (fact instanceof Sample f && f.timestamp() != null && scope.covers(f.resource(), f.timestamp())) {
                    byKey.computeIfAbsent(f.namespace() + "/" + f.metric() + "/" + f.resource(), k -> new ArrayList<>()).add(f);
                }
            }
        }
        List<LabelledSeries> out = new ArrayList<>();
        byKey.forEach((key, samples) -> {
            samples.sort(Comparator.comparing(Sample::timestamp));
            String resource = samples.get(0).resource();
            List<Window> windows = new ArrayList<>();
            for (LabelledFinding f : findings) {
                if (USEFUL.equals(f.label()) && resource.equals(f.resource())) {
                    Window w = window(samples, f.from(), f.to());
                    if (w != null) {
                        windows.add(w);
                    }
                }
            }
            out.add(new LabelledSeries(key, samples, windows));
        });
        return out;
    }

    /** The samples from..to as row indexes, or null when none lies there. */
    private static Window window(List<? extends Sample> samples, Instant from, Instant to) {
        int start = -1;
        int end = -1;
        for (int i = 0; i < samples.size(); i++) {
            Instant t = samples.get(i).timestamp();
            if (!t.isBefore(from) && !t.isAfter(to)) {
                start = start < 0 ? i : start;
                end = i;
            }
        }
        return start < 0 ? null : new Window(start, end);
    }

    /** Where each table row's threshold is and what it measures, for the rows that have one. */
    private static Map<String, RowThreshold> thresholds(TableRowIndex tables, NumericFields fields) {
        Map<String, RowThreshold> out = new LinkedHashMap<>();
        tables.all().forEach((id, row) -> RowThreshold.of(row, tables.conditions(id), fields).ifPresent(t -> out.put(id, t)));
        return out;
    }

    /** The labelled findings of each table row, with their counts and peaks. */
    private static List<RowLabels> rows(List<LabelledFinding> findings, TableRowIndex tables, Map<String, RowThreshold> thresholds) {
        Map<String, List<LabelledFinding>> byRule = new LinkedHashMap<>();
        findings.forEach(f -> byRule.computeIfAbsent(f.rule(), r -> new ArrayList<>()).add(f));
        List<RowLabels> out = new ArrayList<>();
        byRule.forEach((rule, list) -> tables.row(rule).ifPresent(row -> out.add(labels(row, list, thresholds.get(rule)))));
        return out;
    }

    private static RowLabels labels(TableRow row, List<LabelledFinding> findings, RowThreshold threshold) {
        int useful = 0;
        int noise = 0;
        int expected = 0;
        List<Double> kept = new ArrayList<>();
        List<Double> dropped = new ArrayList<>();
        for (LabelledFinding f : findings) {
            switch (f.label()) {
                case USEFUL -> useful++;
                case NOISE -> noise++;
                case EXPECTED -> expected++;
                default -> {
                    continue;
                }
            }
            if (f.peak() != null) {
                (NOISE.equals(f.label()) ? dropped : kept).add(f.peak());
            }
        }
        return new RowLabels(row.file(), row.table(), row.rowId(), row.cells(), useful, noise, expected, kept, dropped, threshold);
    }

    /**
     * The agent's findings with a label, in scope, each with its peak: the highest value its firings measured (the
     * lowest for a row that tests {@code <}), read from the field its row's threshold tests in the matched fact, else
     * from the {@code $value} the rule bound.
     */
    private List<LabelledFinding> findings(String agent, Scope scope, Map<String, RowThreshold> thresholds) {
        Map<Long, LabelledFinding> out = new LinkedHashMap<>();
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT f.id, f.rule, f.resource, f.first_seen, f.last_seen, "
                         + "fb.label, fi.bindings, fi.facts FROM finding f JOIN finding_feedback fb ON fb.id = f.feedback_id "
                         + "LEFT JOIN firing fi ON fi.finding_id = f.id WHERE f.agent = ? AND f.resource IS NOT NULL "
                         + "AND fb.given_at >= ? ORDER BY f.id")) {
                ps.setString(1, agent);
                // labels older than the label window are not learned from (and retention may have removed them)
                ps.setObject(2, Instant.now().minus(retention.labelWindow()).atOffset(java.time.ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        String rule = rs.getString(2);
                        String resource = rs.getString(3);
                        Instant from = rs.getObject(4, OffsetDateTime.class).toInstant();
                        Instant to = rs.getObject(5, OffsetDateTime.class).toInstant();
                        if (!scope.covers(resource, from) && !scope.covers(resource, to)) {
                            continue;
                        }
                        RowThreshold threshold = thresholds.get(rule);
                        boolean lowest = threshold != null && !threshold.above();
                        Double value = threshold != null && threshold.field() != null
                                ? measured(rs.getString(8), threshold) : value(rs.getString(7));
                        LabelledFinding seen = out.get(id);
                        Double peak = seen == null ? value : extreme(seen.peak(), value, lowest);
                        out.put(id, new LabelledFinding(id, rule, resource, from, to, rs.getString(6), peak));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the labelled findings of agent " + agent, e);
            }
        });
        return new ArrayList<>(out.values());
    }

    private static Double extreme(Double a, Double b, boolean lowest) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return lowest ? Math.min(a, b) : Math.max(a, b);
    }

    /** The value of the threshold's field in the firing's fact of the threshold's type, when it is a number. */
    private Double measured(String facts, RowThreshold threshold) {
        if (facts == null) {
            return null;
        }
        try {
            for (JsonNode fact : json.readTree(facts)) {
                JsonNode type = fact.get("type");
                if (type != null && !type.asText().equals(threshold.factType())
                        && !type.asText().endsWith("." + threshold.factType())) {
                    continue;
                }
                JsonNode v = fact.get(threshold.field());
                if (v != null && v.isNumber()) {
                    return v.asDouble();
                }
            }
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The firing's bound {@code $value}, when it bound a number. */
    private Double value(String bindings) {
        if (bindings == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(bindings);
            JsonNode v = node.has("$value") ? node.get("$value") : node.get("value");
            return v != null && v.isNumber() ? v.asDouble() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
