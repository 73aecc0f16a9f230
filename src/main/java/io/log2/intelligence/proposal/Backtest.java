package io.log2.intelligence.proposal;

import io.log2.intelligence.proposal.FindingLabels.Label;
import io.log2.logic.Agent;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.Evaluator;
import io.log2.logic.Evaluator.Evaluation;
import io.log2.logic.Finding;
import io.log2.logic.Findings;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetService;
import io.log2.logic.RunLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Replays an agent's stored history through its current and a candidate rule set side by side, bare (nothing is
 * logged), run by run as the history keeps them ({@link ReplayHistory#runs()}, or for an agent without one whose fact
 * types are declared in DRL, its last stored runs read by each side's own types: {@link DeclaredReplayHistory}), and compares them: alerts per rule, the change of alert volume, precision and recall against the
 * labelled findings, and the rows of the candidate that alert on the same facts as another row (overlaps). A
 * candidate that loses more precision or recall than {@code log2.proposals.tolerance}, or raises the alert volume
 * by more than {@code log2.proposals.max-alert-increase}, or whose declared types refuse stored runs, regresses.
 */
@ApplicationScoped
public class Backtest {

    /** A replay may take longer than a run, but not without end. */
    private static final RunLimits LIMITS = new RunLimits(50_000_000, Duration.ofMinutes(2));

    /** Alerts and recommendations of one rule (a table row's id) before and after. */
    public record RuleCount(String rule, String file, Integer row, int before, int after) {
    }

    /**
     * One side of the comparison. {@code useful} and {@code noise} count alerts inside labelled findings;
     * {@code precision} is useful / (useful + noise), {@code recall} the share of useful labels with at least one
     * alert; both null without labels.
     */
    public record Side(int alerts, int recommendations, int useful, int noise, Double precision, Double recall) {
    }

    /** A changed or added row whose alerts fall on the same facts as another row's. */
    public record Overlap(String rule, String with, int shared, int alerts) {
    }

    public record Result(int facts, Instant from, Instant to, int labels, Side before, Side after,
                         double alertChange, List<RuleCount> rules, List<Overlap> overlaps, List<String> regressions) {

        public boolean regresses() {
            return !regressions.isEmpty();
        }
    }

    @Inject
    @Any
    Instance<ReplayHistory> histories;
    @Inject
    FindingLabels labels;
    @Inject
    RuleSetService ruleSets;
    @Inject
    ProposalConfig config;
    @Inject
    DeclaredReplayHistory declared;

    /**
     * @param touched the rule ids the proposal adds or changes, checked for overlaps
     */
    public Result compare(CompiledRuleSet current, CompiledRuleSet candidate, Set<String> touched) {
        String agent = current.agent();
        Agent a = ruleSets.agent(agent);
        Optional<ReplayHistory> history = history(agent);
        List<List<Object>> runs;
        List<List<Object>> candidateRuns;
        List<String> refused = List.of();
        Function<Object, Instant> timeOf = fact -> fact == null ? null : a.subjectOf(fact).time();
        if (history.isEmpty() && a.declaresFactTypes()) {
            DeclaredReplayHistory.Sides sides = declared.read(current, candidate);
            runs = sides.before();
            candidateRuns = sides.after();
            refused = sides.refused();
            Function<Object, Instant> own = timeOf;
            // a fact without a time of its own was logged at its run's start: labels cover it there
            timeOf = fact -> {
                Instant t = own.apply(fact);
                return t != null ? t : sides.runTimes().get(fact);
            };
        } else {
            runs = history.map(ReplayHistory::runs).orElse(List.of());
            candidateRuns = runs;
        }
        List<Object> facts = runs.stream().flatMap(List::stream).toList();
        // only labels on resources the history has can be hit by a replay: others would only dilute recall
        Set<String> resources = new java.util.HashSet<>();
        facts.forEach(f -> resources.add(io.log2.logic.FactFields.resourceOf(f)));
        List<Label> known = labels.labels(agent).stream().filter(l -> resources.contains(l.resource())).toList();
        List<Finding> before = replay(current, runs);
        List<Finding> after = replay(candidate, candidateRuns);
        Side b = side(before, known, timeOf);
        Side c = side(after, known, timeOf);
        Instant from = null;
        Instant to = null;
        for (Object fact : facts) {
            Instant t = timeOf.apply(fact);
            if (t != null) {
                from = from == null || t.isBefore(from) ? t : from;
                to = to == null || t.isAfter(to) ? t : to;
            }
        }
        double change = (c.alerts() - b.alerts()) / (double) Math.max(b.alerts(), 1);
        List<String> regressions = new ArrayList<>();
        if (change > config.maxAlertIncrease()) {
            regressions.add(String.format(Locale.ROOT, "alerts rise from %d to %d (%+.0f%%), more than log2.proposals.max-alert-increase (%.0f%%)",
                    b.alerts(), c.alerts(), change * 100, config.maxAlertIncrease() * 100));
        }
        if (b.precision() != null && c.precision() != null && c.precision() < b.precision() - config.tolerance()) {
            regressions.add(String.format(Locale.ROOT, "precision falls from %.2f to %.2f, more than log2.proposals.tolerance (%.2f)",
                    b.precision(), c.precision(), config.tolerance()));
        }
        if (b.recall() != null && c.recall() != null && c.recall() < b.recall() - config.tolerance()) {
            regressions.add(String.format(Locale.ROOT, "recall falls from %.2f to %.2f, more than log2.proposals.tolerance (%.2f)",
                    b.recall(), c.recall(), config.tolerance()));
        }
        if (!refused.isEmpty()) {
            regressions.add(String.format(Locale.ROOT, "the candidate's declared types refuse the facts of %d stored run(s), first %s",
                    refused.size(), refused.get(0)));
        }
        return new Result(facts.size(), from, to, known.size(), b, c, change, rules(before, after),
                overlaps(after, touched), regressions);
    }

    private Optional<ReplayHistory> history(String agent) {
        for (ReplayHistory h : histories) {
            if (h.agent().equals(agent)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** Each run of the history in a session of its own, as it was evaluated; the findings of all, in order. */
    private static List<Finding> replay(CompiledRuleSet compiled, List<List<Object>> runs) {
        List<Finding> out = new ArrayList<>();
        for (List<Object> facts : runs) {
            out.addAll(replayRun(compiled, facts));
        }
        return out;
    }

    private static List<Finding> replayRun(CompiledRuleSet compiled, List<Object> facts) {
        if (facts.isEmpty()) {
            return List.of();
        }
        RuleSet ruleSet = new RuleSet(compiled, 0, "backtest", Instant.now());
        Findings findings = new Findings(compiled, "backtest", () -> 0);
        Evaluation evaluation = Evaluator.evaluate(ruleSet, facts, findings, null, LIMITS);
        if (evaluation.aborted()) {
            throw new IllegalStateException("the backtest was stopped: " + evaluation.abortedBecause());
        }
        return findings.items();
    }

    private static Side side(List<Finding> findings, List<Label> labels, Function<Object, Instant> timeOf) {
        int alerts = 0;
        int recommendations = 0;
        int useful = 0;
        int noise = 0;
        Set<Label> hit = new LinkedHashSet<>();
        for (Finding f : findings) {
            if (!Finding.ALERT.equals(f.kind())) {
                recommendations++;
                continue;
            }
            alerts++;
            Instant time = timeOf.apply(f.fact());
            for (Label l : labels) {
                if (l.covers(f.resource(), time)) {
                    if (FindingLabels.USEFUL.equals(l.label())) {
                        useful++;
                        hit.add(l);
                    } else if (FindingLabels.NOISE.equals(l.label())) {
                        noise++;
                    }
                    break;
                }
            }
        }
        long usefulLabels = labels.stream().filter(l -> FindingLabels.USEFUL.equals(l.label())).count();
        Double precision = useful + noise == 0 ? null : useful / (double) (useful + noise);
        Double recall = usefulLabels == 0 ? null : hit.size() / (double) usefulLabels;
        return new Side(alerts, recommendations, useful, noise, precision, recall);
    }

    private static List<RuleCount> rules(List<Finding> before, List<Finding> after) {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, Finding> where = new TreeMap<>();
        for (Finding f : before) {
            counts.computeIfAbsent(f.rule(), r -> new int[2])[0]++;
            where.putIfAbsent(f.rule(), f);
        }
        for (Finding f : after) {
            counts.computeIfAbsent(f.rule(), r -> new int[2])[1]++;
            where.put(f.rule(), f);
        }
        List<RuleCount> out = new ArrayList<>();
        counts.forEach((rule, n) -> out.add(new RuleCount(rule, where.get(rule).file(), where.get(rule).row(), n[0], n[1])));
        return out;
    }

    /** For each touched rule, the other rules that alerted on the same facts, by identity of the fact. */
    private static List<Overlap> overlaps(List<Finding> after, Set<String> touched) {
        Map<Object, Set<String>> rulesByFact = new IdentityHashMap<>();
        Map<String, Integer> alerts = new TreeMap<>();
        for (Finding f : after) {
            if (Finding.ALERT.equals(f.kind()) && f.fact() != null) {
                rulesByFact.computeIfAbsent(f.fact(), x -> new LinkedHashSet<>()).add(f.rule());
                alerts.merge(f.rule(), 1, Integer::sum);
            }
        }
        Map<String, Map<String, Integer>> shared = new TreeMap<>();
        for (Set<String> rules : rulesByFact.values()) {
            for (String rule : rules) {
                if (!touched.contains(rule)) {
                    continue;
                }
                for (String other : rules) {
                    if (!other.equals(rule)) {
                        shared.computeIfAbsent(rule, r -> new TreeMap<>()).merge(other, 1, Integer::sum);
                    }
                }
            }
        }
        List<Overlap> out = new ArrayList<>();
        shared.forEach((rule, others) -> others.forEach((other, n) -> out.add(new Overlap(rule, other, n, alerts.get(rule)))));
        return out;
    }
}
