package io.log2.agents.ansible.durations;

import io.log2.agents.ansible.AnsibleAgent;
import io.log2.agents.ansible.AnsibleConfig;
import io.log2.agents.ansible.history.RunHistory;
import io.log2.intelligence.RowChange;
import io.log2.intelligence.TableRowIndex;
import io.log2.intelligence.TableRowIndex.TableRow;
import io.log2.intelligence.proposal.Proposal;
import io.log2.intelligence.proposal.ProposalRefusedException;
import io.log2.intelligence.proposal.ProposalService;
import io.log2.intelligence.proposal.ProposalService.NewProposal;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.RuleInfo;
import io.log2.logic.RuleSetService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Proposes slow-task thresholds computed from the durations the imports stored: a row of {@value #TABLE} for each
 * task that has enough of them and no row yet, and a new Threshold for a row this computation proposed before when the
 * durations have moved it by more than a tenth. Rows a person wrote are left alone. The rows go through the proposal
 * process (validation, a backtest on the stored task results, approval) like any other change to a table.
 *
 * <p>This is a computation of its own, not a {@code Learner}: learners learn from labelled metric series of the
 * agent that is learning, while a task's usual duration needs no label, only the durations stored here.
 */
@ApplicationScoped
public class DurationProposals {

    public static final String LEARNER = "task-durations";
    public static final String FILE = "durations.drl.xlsx";
    public static final String TABLE = "TaskDurations";
    static final String MESSAGE = "Slow task: '{task}' took {value} s on {host} in {playbook}, above the {threshold} s "
            + "usual for it";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** What was decided for one task. */
    public record TaskOutcome(String task, int durations, Double p95, Double threshold, String action, String reason) {
    }

    /** The computation's answer: what it did per task and the proposal it made (null when nothing changed). */
    public record Answer(List<TaskOutcome> tasks, Long proposal, String state, String reason) {
    }

    @Inject
    AnsibleConfig config;
    @Inject
    RunHistory history;
    @Inject
    RuleSetService ruleSets;
    @Inject
    ProposalService proposals;

    public Answer propose(String user) {
        AnsibleConfig.Durations settings = config.durations();
        DurationThreshold rule = new DurationThreshold(settings.minSamples(), settings.factor(), settings.minSeconds());
        Map<String, List<Double>> byTask = history.durationsByTask(settings.window());
        CompiledRuleSet active = ruleSets.active(AnsibleAgent.NAME).compiled();
        List<TableRow> rows = rows(active);
        Double ceiling = rows.stream().filter(r -> blank(r.cells().get("Task")) && blank(r.cells().get("Play")))
                .map(r -> number(r.cells().get("Threshold"))).filter(Objects::nonNull).min(Double::compare).orElse(null);
        String stamp = STAMP.format(Instant.now());
        List<TaskOutcome> outcomes = new ArrayList<>();
        List<RowChange> changes = new ArrayList<>();
        int samples = 0;
        for (Map.Entry<String, List<Double>> e : byTask.entrySet()) {
            String task = e.getKey();
            List<Double> durations = e.getValue();
            OptionalDouble computed = rule.of(durations);
            if (computed.isEmpty()) {
                outcomes.add(new TaskOutcome(task, durations.size(), null, null, "none", "fewer than "
                        + settings.minSamples() + " stored durations"));
                continue;
            }
            double p95 = DurationThreshold.p95(durations);
            double threshold = computed.getAsDouble();
            String why = String.format(Locale.ROOT, "'%s': %d durations, 95th percentile %s s, times %s (at least %s s) = %s s",
                    task, durations.size(), num(p95), num(settings.factor()), num(settings.minSeconds()), num(threshold));
            TableRow own = rows.stream().filter(r -> task.equals(r.cells().get("Task"))).findFirst().orElse(null);
            if (own == null && ceiling != null && threshold >= ceiling) {
                outcomes.add(new TaskOutcome(task, durations.size(), p95, threshold, "none", why + ", not below the "
                        + num(ceiling) + " s every task is held to: raise that row for this task's usual time"));
                continue;
            }
            if (own == null) {
                changes.add(new RowChange(RowChange.Kind.ADD, FILE, TABLE, TABLE + "-" + LEARNER + "-" + stamp + "-"
                        + (changes.size() + 1), addCells(task, threshold), "add " + why));
                outcomes.add(new TaskOutcome(task, durations.size(), p95, threshold, "add", why));
                samples += durations.size();
                continue;
            }
            String provenance = own.cells().getOrDefault("Provenance", "");
            Double current = number(own.cells().get("Threshold"));
            if (!provenance.contains("learner " + LEARNER)) {
                outcomes.add(new TaskOutcome(task, durations.size(), p95, threshold, "none", why + "; row " + own.rowId()
                        + " was written by a person and is left as it is"));
            } else if (current != null && Math.abs(threshold - current) <= 0.1 * current) {
                outcomes.add(new TaskOutcome(task, durations.size(), p95, threshold, "none", why + "; row " + own.rowId()
                        + " has " + num(current) + " s already (within a tenth)"));
            } else {
                changes.add(new RowChange(RowChange.Kind.CHANGE, FILE, TABLE, own.rowId(),
                        Map.of("Threshold", num(threshold)), "change " + own.rowId() + " from " + num(current) + " to " + why));
                outcomes.add(new TaskOutcome(task, durations.size(), p95, threshold, "change", why));
                samples += durations.size();
            }
        }
        if (changes.isEmpty()) {
            return new Answer(outcomes, null, null, "nothing to propose");
        }
        String reason = reason(changes);
        try {
            Proposal p = proposals.propose(AnsibleAgent.NAME, new NewProposal(LEARNER, null, null, samples, reason, changes), user);
            return new Answer(outcomes, p.id, p.state, p.reason);
        } catch (ProposalRefusedException e) {
            Proposal p = proposals.proposal(e.proposal());
            return new Answer(outcomes, p.id, p.state, p.decisionReason);
        }
    }

    /** The rows of the durations table in the active version, with their cells. */
    private static List<TableRow> rows(CompiledRuleSet active) {
        TableRowIndex index = TableRowIndex.of(active.files());
        List<TableRow> rows = new ArrayList<>();
        for (RuleInfo info : active.rules().values()) {
            if (FILE.equals(info.file())) {
                index.row(info.name()).filter(r -> TABLE.equals(r.table())).ifPresent(rows::add);
            }
        }
        return rows;
    }

    private static Map<String, String> addCells(String task, double threshold) {
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("Rule", "Task '" + task + "' slower than usual");
        cells.put("Threshold", num(threshold));
        cells.put("Task", task);
        cells.put("Test", ">");
        cells.put("Kind", "alert");
        cells.put("Severity", "low");
        cells.put("Category", "performance");
        cells.put("Message", MESSAGE);
        return cells;
    }

    private static String reason(List<RowChange> changes) {
        StringBuilder text = new StringBuilder("slow-task thresholds from the stored durations:");
        changes.forEach(c -> text.append(' ').append(c.reason()).append(';'));
        return text.length() > 1000 ? text.substring(0, 997) + "..." : text.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Double number(String s) {
        try {
            return s == null ? null : Double.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String num(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
