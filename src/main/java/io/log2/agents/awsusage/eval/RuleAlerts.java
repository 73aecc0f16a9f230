package io.log2.agents.awsusage.eval;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.intelligence.Alerts;
import io.log2.intelligence.LearnedTable;
import io.log2.intelligence.RowChange;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.Evaluator;
import io.log2.logic.Findings;
import io.log2.logic.RuleFile;
import io.log2.logic.RuleIds;
import io.log2.logic.RuleInfo;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetCompiler;
import io.log2.logs.CapturedFiring;
import io.log2.logs.FiringCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The alerts an agent's rules raise over one series, from the rules firing in Drools: the agent's folder (with
 * learned rows written into its table) is given ids and compiled as the service does ({@link RuleIds},
 * {@link RuleSetCompiler}), each series' facts are evaluated in one session with the log's firing capture, and a
 * rule's consecutive firings on the series are one alert, at the first of them (as findings are).
 */
public final class RuleAlerts {

    private final RuleSet ruleSet;

    private RuleAlerts(CompiledRuleSet compiled) {
        this.ruleSet = new RuleSet(compiled, 0, "evaluation", Instant.now());
    }

    /** The agent's rules in {@code folder} with the row changes applied to their learned table. */
    public static RuleAlerts compile(Path folder, List<RowChange> changes) throws IOException {
        List<RuleFile> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : list.filter(p -> RuleFile.isRuleFileName(p.getFileName().toString())).sorted().toList()) {
                String name = p.getFileName().toString();
                files.add(new RuleFile(name, Files.readAllBytes(p)));
            }
        }
        files = LearnedTable.apply(files, changes);
        AwsUsageAgent agent = new AwsUsageAgent();
        ClassLoader loader = RuleAlerts.class.getClassLoader();
        List<RuleFile> withIds = RuleIds.fillIn(agent.name(), files, List::of, Set::of);
        return new RuleAlerts(new RuleSetCompiler(loader, agent).compile(agent.name(), withIds));
    }

    /**
     * Where the rules chosen by {@code which} raise alerts over one series' facts.
     *
     * @param facts the series' facts, one per sample, in the order of its rows
     */
    public boolean[] alerts(List<?> facts, Predicate<RuleInfo> which) {
        Map<Object, Integer> row = new IdentityHashMap<>();
        for (int i = 0; i < facts.size(); i++) {
            row.put(facts.get(i), i);
        }
        FiringCapture capture = new FiringCapture(ruleSet.compiled());
        Findings findings = new Findings(ruleSet.compiled(), "evaluation", capture::currentSeq);
        Evaluator.Evaluation evaluation = Evaluator.evaluate(ruleSet, facts, findings, capture,
                new io.log2.logic.RunLimits(10_000_000, java.time.Duration.ofMinutes(10)));
        if (evaluation.aborted()) {
            throw new IllegalStateException("the evaluation was stopped: " + evaluation.abortedBecause());
        }
        Map<String, boolean[]> firedByRule = new LinkedHashMap<>();
        for (CapturedFiring f : capture.firings()) {
            if (!which.test(f.rule()) || f.error() != null) {
                continue;
            }
            for (Object fact : f.facts()) {
                Integer i = row.get(fact);
                if (i != null) {
                    firedByRule.computeIfAbsent(f.rule().name(), k -> new boolean[facts.size()])[i] = true;
                }
            }
        }
        return Alerts.raised(facts.size(), new ArrayList<>(firedByRule.values()));
    }
}
