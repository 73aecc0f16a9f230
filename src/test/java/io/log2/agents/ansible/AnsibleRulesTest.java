package io.log2.agents.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.ansible.imports.RunFacts;
import io.log2.intelligence.RowChange;
import io.log2.intelligence.TableEditor;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.Evaluator;
import io.log2.logic.Finding;
import io.log2.logic.Findings;
import io.log2.logic.RuleFile;
import io.log2.logic.RuleFolder;
import io.log2.logic.RuleInfo;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetCompiler;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped rules of the ansible agent over the go-ansible results: each expected finding worked out from the file
 * (the reasoning beside it), and no other finding.
 */
class AnsibleRulesTest {

    private static RuleSet shipped;

    @BeforeAll
    static void compileShippedRules() {
        shipped = compile(new RuleFolder(Path.of("rules/ansible")).read());
    }

    private static RuleSet compile(List<RuleFile> files) {
        CompiledRuleSet compiled = new RuleSetCompiler(AnsibleRulesTest.class.getClassLoader(), new AnsibleAgent())
                .compile(AnsibleAgent.NAME, files);
        return new RuleSet(compiled, 1, "test", Instant.now());
    }

    private static List<Finding> evaluate(RuleSet rules, List<?> facts) {
        Findings findings = new Findings(rules.compiled(), "test", () -> 0);
        Evaluator.evaluate(rules, facts, findings, null);
        return findings.items();
    }

    /** Each finding as "rule on resource". */
    private static Set<String> raised(RuleSet rules, RunFacts facts) {
        return evaluate(rules, facts.all()).stream().map(f -> f.rule() + " on " + f.resource()).collect(Collectors.toSet());
    }

    @Test
    void theShippedRulesAreTheDrlRulesAndOneRowPerTable() {
        Set<String> names = shipped.compiled().rules().values().stream().map(RuleInfo::name).collect(Collectors.toSet());
        assertEquals(Set.of("Host failed", "Host unreachable", "Drift on a check run", "Failure hidden by ignore_errors",
                "TaskDurations_11", "FailureRateRise_10"), names);
    }

    @Test
    void test07ARunWithAnIgnoredAndARealFailure() {
        // recap of 127.0.0.1: "failures": 1 -> Host failed; failing-task failed (rc 255) yet the host ran
        // failing-task-when after it, and the recap counts "ignored": 1 -> its failure was hidden by ignore_errors.
        // Every task took under a second, far below the 600 s any task may take; a run, not a check: no drift.
        assertEquals(Set.of("Host failed on site/127.0.0.1", "Failure hidden by ignore_errors on site/failing-task@127.0.0.1"),
                raised(shipped, Samples.facts(Samples.TEST_07, AnsibleRun.RUN)));
    }

    @Test
    void test07AsACheckRunShowsTheTaskThatWouldChangeTheHost() {
        // ok-task ("changed": true, not failed) changed something on a check: drift. failing-task also says changed,
        // but it failed: a failure, not a change made; skipping-task was skipped ("changed": false).
        Set<String> raised = raised(shipped, Samples.facts(Samples.TEST_07, AnsibleRun.CHECK));
        assertEquals(Set.of("Host failed on site/127.0.0.1", "Failure hidden by ignore_errors on site/failing-task@127.0.0.1",
                "Drift on a check run on site/ok-task@127.0.0.1"), raised);
        Finding drift = evaluate(shipped, Samples.facts(Samples.TEST_07, AnsibleRun.CHECK).all()).stream()
                .filter(f -> f.rule().equals("Drift on a check run")).findFirst().orElseThrow();
        assertEquals("Drift: task 'ok-task' (command) would change 127.0.0.1 on a check run of site", drift.message());
        assertEquals("security", drift.category());
    }

    @Test
    void test05AnUnreachableHost() {
        // "unreachable": 1 in the recap of 127.0.0.1; the task's result is unreachable, not a change nor a failure,
        // so even a check run finds no drift in it
        assertEquals(Set.of("Host unreachable on site/127.0.0.1"), raised(shipped, Samples.facts(Samples.TEST_05, AnsibleRun.CHECK)));
    }

    @Test
    void test09TheStatsEventNamesAFailedHost() {
        // host2: "failed": 1; host1: "failed": 0
        RunFacts facts = RunFacts.of(Samples.read(Samples.TEST_09), "site", AnsibleRun.RUN, RunFacts.Recent.NONE);
        assertEquals(Set.of("Host failed on site/host2"), raised(shipped, facts));
    }

    @Test
    void healthyRunsRaiseNothing() {
        // 01, 02, 03, 06: every host ok, every task a debug message with "changed": false, under a second
        for (String sample : List.of(Samples.TEST_01, Samples.TEST_02, Samples.TEST_03, Samples.TEST_06)) {
            assertEquals(Set.of(), raised(shipped, Samples.facts(sample, AnsibleRun.CHECK)), sample);
        }
    }

    @Test
    void aTaskSlowerThanItsRowsThresholdIsFound() {
        // with every task held to 0.3 s: failing-task-when took 0.35537 s (13.322404 to 13.677774), above it;
        // ok-task 0.293343 s and failing-task 0.174147 s are not; skipping-task was skipped
        RuleSet tight = compile(TableEditor.apply(shipped.compiled().files(), List.of(new RowChange(RowChange.Kind.CHANGE,
                "durations.drl.xlsx", "TaskDurations", "TaskDurations_11", Map.of("Threshold", "0.3"), "test")), "test", ""));
        List<Finding> slow = evaluate(tight, Samples.facts(Samples.TEST_07, AnsibleRun.RUN).all()).stream()
                .filter(f -> f.rule().equals("TaskDurations_11")).toList();
        assertEquals(1, slow.size(), slow.toString());
        assertEquals("site/failing-task-when@127.0.0.1", slow.get(0).resource());
        assertEquals(0.35537, slow.get(0).value(), 1e-9);
        assertEquals("Slow task: 'failing-task-when' took 0.36 s on 127.0.0.1 in site, above the 0.3 s any task may take",
                slow.get(0).message());
        // a row of one task holds only that task: ok-task (0.293343 s) against 0.25 s
        RuleSet own = compile(TableEditor.apply(shipped.compiled().files(), List.of(new RowChange(RowChange.Kind.ADD,
                "durations.drl.xlsx", "TaskDurations", "OkTask", Map.of("Rule", "ok-task", "Threshold", "0.25", "Task", "ok-task",
                        "Test", ">", "Kind", "alert", "Severity", "low", "Category", "performance", "Message", "{task} slow"),
                "test")), "test", ""));
        assertEquals(List.of("site/ok-task@127.0.0.1"), evaluate(own, Samples.facts(Samples.TEST_07, AnsibleRun.RUN).all()).stream()
                .filter(f -> f.rule().equals("OkTask")).map(Finding::resource).toList());
    }

    @Test
    void aFailureRateRisingAgainstTheLastRunsIsFound() {
        // test_05: its one host unreachable, 100%; after three runs at 0%: 100 points up, above 25
        RunFacts after = RunFacts.of(Samples.read(Samples.TEST_05), "site", AnsibleRun.RUN, new RunFacts.Recent(3, 0.0));
        List<Finding> rise = evaluate(shipped, after.all()).stream().filter(f -> f.rule().equals("FailureRateRise_10")).toList();
        assertEquals(1, rise.size());
        assertEquals(100.0, rise.get(0).value());
        assertEquals("Playbook site: 100% of its 1 hosts failed or were unreachable, 100.0 points above the 0% of its last "
                + "3 runs (alert above 25 points)", rise.get(0).message());
        // two earlier runs are too few; 25 points up (100 against 75) is not above 25
        assertTrue(rise(new RunFacts.Recent(2, 0.0)).isEmpty());
        assertTrue(rise(new RunFacts.Recent(4, 75.0)).isEmpty());
        assertEquals(1, rise(new RunFacts.Recent(4, 74.0)).size());
    }

    private static List<Finding> rise(RunFacts.Recent recent) {
        RunFacts facts = RunFacts.of(Samples.read(Samples.TEST_05), "site", AnsibleRun.RUN, recent);
        return evaluate(shipped, List.of(facts.run())).stream().filter(f -> f.rule().equals("FailureRateRise_10")).toList();
    }
}
