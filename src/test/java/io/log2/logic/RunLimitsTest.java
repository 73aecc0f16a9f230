package io.log2.logic;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.MetricSample;
import io.log2.logs.FiringCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs that run away end as aborted, with what they fired until then, and leave their thread: a rule that re-fires
 * without end, a consequence that loops or recurses, a consequence that reports in a loop.
 */
class RunLimitsTest {

    private static final String HEADER = "package t\nimport io.log2.agents.awsusage.MetricSample\nglobal io.log2.logic.Findings findings\n";
    private static final MetricSample SAMPLE = new MetricSample("AWS/EC2", "CPUUtilization", "i-1", null, 90, null);
    private static final RunLimits SHORT = new RunLimits(5_000, Duration.ofMillis(500));

    @BeforeAll
    static void quietEngine() {
        // outside Quarkus nobody sets log levels, and Drools would trace every update
        LogContext.getSystemLogContext().getLogger("org.drools").setLevel(Level.WARNING);
    }

    private final RuleSetCompiler compiler = new RuleSetCompiler(getClass().getClassLoader(), agent -> List.of(MetricSample.class));

    private RuleSet rules(String... lines) {
        String drl = HEADER + String.join("\n", lines);
        return new RuleSet(compiler.compile("t", List.of(new RuleFile("r.drl", drl.getBytes(StandardCharsets.UTF_8)))),
                1, "test", Instant.now());
    }

    private static Result run(RuleSet rules, RunLimits limits) {
        FiringCapture capture = new FiringCapture(rules.compiled());
        Findings findings = new Findings(rules.compiled(), "run", capture::currentSeq);
        Evaluator.Evaluation evaluation = Evaluator.evaluate(rules, List.of(SAMPLE), findings, capture, limits);
        return new Result(evaluation, capture, findings);
    }

    private record Result(Evaluator.Evaluation evaluation, FiringCapture capture, Findings findings) {
    }

    @Test
    void aRuleThatUpdatesItsFactWithoutNoLoopStopsAtTheFiringCapWithItsFiringsKept() {
        Result r = run(rules("rule \"Again\" when $m : MetricSample() then update($m); end"),
                new RunLimits(5_000, Duration.ofSeconds(60)));
        assertTrue(r.evaluation().aborted());
        assertTrue(r.evaluation().abortedBecause().contains("5,000 firings"), r.evaluation().abortedBecause());
        assertTrue(r.evaluation().abortedBecause().contains("\"Again\""), r.evaluation().abortedBecause());
        assertEquals(5_000, r.capture().firings().size());
        assertEquals(5_000, r.evaluation().firings());
    }

    @Test
    void exactlyTheCapOfFiringsIsStillAComplete() {
        String[] rules = new String[5];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = "rule \"R" + i + "\" when MetricSample() then end";
        }
        Result r = run(rules(rules), new RunLimits(5, Duration.ofSeconds(5)));
        assertFalse(r.evaluation().aborted(), r.evaluation().abortedBecause());
        assertEquals(5, r.capture().firings().size());
    }

    @Test
    void aConsequenceLoopingForeverIsStoppedAtTheDeadlineAndFreesItsThread() {
        RuleSet rules = rules(
                "rule \"First\" salience 10 when $m : MetricSample() then findings.alert(kcontext, $m); end",
                "rule \"Spin\" when $m : MetricSample() then",
                "  long i = 0;",
                "  while (true) { i++; }",
                "end");
        long start = System.nanoTime();
        Result r = run(rules, SHORT);
        assertTrue(r.evaluation().aborted());
        assertTrue(r.evaluation().abortedBecause().contains("longer than 500 ms"), r.evaluation().abortedBecause());
        assertTrue(r.evaluation().abortedBecause().contains("\"Spin\""), r.evaluation().abortedBecause());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "the evaluation came back");
        assertEquals(1, r.capture().firings().size(), "the firing before the loop is kept");
        assertEquals("First", r.capture().firings().get(0).rule().name());
        assertEquals(1, r.findings().items().size());
        assertNull(RunGuard.current(), "the thread is no longer guarded by the ended run");
    }

    @Test
    void aLoopInsideACatchOfExceptionCannotSwallowTheStop() {
        RuleSet rules = rules(
                "rule \"Stubborn\" when $m : MetricSample() then",
                "  while (true) {",
                "    try { while (true) { } } catch (Exception e) { }",
                "  }",
                "end");
        Result r = run(rules, SHORT);
        assertTrue(r.evaluation().aborted());
    }

    @Test
    void aFunctionRecursingWithoutEndAbortsTheRun() {
        RuleSet rules = rules(
                "function int deeper(int n) { return deeper(n + 1) + 1; }",
                "rule \"Deep\" when $m : MetricSample() then deeper(0); end");
        Result r = run(rules, SHORT);
        assertTrue(r.evaluation().aborted());
        assertTrue(r.evaluation().abortedBecause().contains("StackOverflowError"), r.evaluation().abortedBecause());
    }

    @Test
    void aFunctionBranchingWithoutEndIsStoppedAtTheDeadline() {
        // exponential time with a bounded depth: only the check on entering a method stops it
        RuleSet rules = rules(
                "function int tree(int n) { return n > 60 ? 1 : tree(n + 1) + tree(n + 1); }",
                "rule \"Tree\" when $m : MetricSample() then tree(0); end");
        Result r = run(rules, SHORT);
        assertTrue(r.evaluation().aborted());
        assertTrue(r.evaluation().abortedBecause().contains("longer than"), r.evaluation().abortedBecause());
    }

    @Test
    void aConsequenceAllocatingMoreThanTheMemoryEndsItsRunAsAbortedWithTheFiringsBefore() {
        RuleSet rules = rules(
                "rule \"First\" salience 10 when $m : MetricSample() then findings.alert(kcontext, $m); end",
                "rule \"Greedy\" when $m : MetricSample() then",
                "  long[] all = new long[Integer.MAX_VALUE - 8];",
                "  findings.alert(kcontext, $m, all.length, 0);",
                "end");
        Result r = run(rules, SHORT);
        assertTrue(r.evaluation().aborted());
        assertTrue(r.evaluation().abortedBecause().contains("ran out of memory"), r.evaluation().abortedBecause());
        assertEquals(1, r.capture().firings().size(), "the firing before is kept");
        assertEquals(1, r.findings().items().size());
        assertNull(RunGuard.current());
    }

    @Test
    void aRegularExpressionBacktrackingInAConsequenceIsStoppedAtTheDeadline() {
        // (.*a){12} takes seconds on 30 characters: inside the JDK, where no run guard is checked
        RuleSet rules = rules(
                "rule \"Backtracks\" when $m : MetricSample() then",
                "  boolean found = \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\".matches(\"(.*a){12}\");",
                "  findings.alert(kcontext, $m);",
                "end");
        Result r = run(rules, SHORT);
        assertTrue(r.evaluation().aborted());
        assertTrue(r.evaluation().abortedBecause().contains("longer than 500 ms"), r.evaluation().abortedBecause());
        assertEquals(0, r.findings().items().size(), "the consequence was stopped inside the match, not after it");
    }

    @Test
    void regularExpressionsInRuleCodeGiveTheirUsualResults() {
        RuleSet rules = rules(
                "rule \"Regex\" when $m : MetricSample() then",
                "  java.util.function.BiPredicate<String, String> matches = String::matches;",
                "  boolean usual = \"a,b,,c,,\".split(\",\").length == 4 && \"a:b\".split(\":\", 5).length == 2",
                "      && \"x-1-2\".replaceAll(\"-\\\\d\", \"\").equals(\"x\") && \"x-1-2\".replaceFirst(\"-\\\\d\", \"\").equals(\"x-2\")",
                "      && matches.test(\"i-123\", \"i-\\\\d+\") && !\"i-12x\".matches(\"i-\\\\d+\");",
                "  if (usual) { findings.alert(kcontext, $m); }",
                "end");
        Result r = run(rules, SHORT);
        assertFalse(r.evaluation().aborted(), r.evaluation().abortedBecause());
        assertEquals(1, r.findings().items().size());
    }

    @Test
    void aConsequenceReportingInALoopStopsAtTheCapOfFindings() {
        RuleSet rules = rules("rule \"Chatty\" when $m : MetricSample() then while (true) { findings.alert(kcontext, $m); } end");
        Result r = run(rules, new RunLimits(1_000, Duration.ofSeconds(30)));
        assertTrue(r.evaluation().aborted());
        assertTrue(r.evaluation().abortedBecause().contains("1,000 findings"), r.evaluation().abortedBecause());
        assertEquals(1_000, r.findings().items().size());
    }

    @Test
    void stoppingARunawayRunLeavesAnInnocentRunBesideItRunning() throws Exception {
        RuleSet runaway = rules("rule \"Spin\" when $m : MetricSample() then while (true) { } end");
        RuleSet innocent = rules(
                "rule \"Counts\" when $m : MetricSample() then",
                "  long sum = 0;",
                "  for (int i = 0; i < 100_000; i++) { sum += i; }",
                "  findings.alert(kcontext, $m, sum, 0);",
                "end");
        // The runaway run is held, already told to stop, until the innocent run is done: the stop is pending all along.
        AtomicReference<RunGuard> stopped = new AtomicReference<>();
        CountDownLatch innocentDone = new CountDownLatch(1);
        CompletableFuture<Evaluator.Evaluation> spinning = CompletableFuture.supplyAsync(() -> Evaluator.evaluate(runaway,
                List.of(SAMPLE), new Findings(runaway.compiled(), "spin", () -> 0), new DefaultAgendaEventListener() {
                    @Override
                    public void beforeMatchFired(BeforeMatchFiredEvent event) {
                        RunGuard guard = RunGuard.current();
                        await().atMost(Duration.ofSeconds(60)).until(() -> guard.stopReason() != null);
                        stopped.set(guard);
                        try {
                            innocentDone.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }, new RunLimits(5_000, Duration.ofMillis(200))));
        await().atMost(Duration.ofSeconds(60)).until(() -> stopped.get() != null);

        Findings findings = new Findings(innocent.compiled(), "run", () -> 1);
        Evaluator.Evaluation fine = Evaluator.evaluate(innocent, List.of(SAMPLE), findings, null,
                new RunLimits(5_000, Duration.ofSeconds(60)));
        innocentDone.countDown();

        assertFalse(fine.aborted(), fine.abortedBecause());
        assertEquals(4_999_950_000.0, findings.items().get(0).value());
        Evaluator.Evaluation aborted = spinning.get(60, TimeUnit.SECONDS);
        assertTrue(aborted.aborted());
        assertTrue(aborted.abortedBecause().contains("longer than 200 ms"), aborted.abortedBecause());
    }
}
