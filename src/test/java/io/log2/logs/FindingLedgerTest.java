package io.log2.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.ApiEvent;
import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.DailyCost;
import io.log2.agents.awsusage.MetricSample;
import io.log2.agents.awsusage.ResourceState;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.Evaluator;
import io.log2.logic.Findings;
import io.log2.logic.RuleFolder;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetCompiler;
import io.log2.logs.FindingLedger.Change;
import io.log2.logs.FindingLedger.Evidence;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The finding lifecycle on the shipped aws-usage rules: deduplication, episodes, resolution. */
class FindingLedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String CPU_RULE = "MetricThresholds_11";
    private static RuleSet rules;

    private List<TrackedFinding> stored = new ArrayList<>();
    private int runs;

    @BeforeAll
    static void compileShippedRules() {
        CompiledRuleSet compiled = new RuleSetCompiler(FindingLedgerTest.class.getClassLoader(), new AwsUsageAgent())
                .compile("aws-usage", new RuleFolder(Path.of("rules/aws-usage")).read());
        rules = new RuleSet(compiled, 1, "test", Instant.now());
    }

    private static Instant minute(int m) {
        return T0.plusSeconds(60L * m);
    }

    private static MetricSample cpu(String resource, int minute, double value) {
        return new MetricSample("AWS/EC2", "CPUUtilization", resource, minute(minute), value, null);
    }

    private static ResourceState bucket(String name, boolean open) {
        return new ResourceState("AWS::S3::Bucket", name, "eu-west-1", open, true, Map.of("owner", "ops"));
    }

    /** Evaluates the facts with the shipped rules, as one run started at the given time. */
    private static RunRecord run(Instant startedAt, List<?> facts, Set<String> complete) {
        String runId = UUID.randomUUID().toString();
        FiringCapture capture = new FiringCapture(rules.compiled());
        Findings findings = new Findings(rules.compiled(), runId, capture::currentSeq);
        Evaluator.evaluate(rules, facts, findings, capture);
        return new RunRecord(runId, AwsUsageAgent.NAME, 1, startedAt, 0, facts.size(), findings.items(), capture.firings(),
                List.of(), null, new RunFacts(new AwsUsageAgent(), facts, complete), null, false);
    }

    /** Applies runs as one group would, starting from what earlier groups left open, and keeps what changed. */
    private List<List<Change>> group(RunRecord... records) {
        FindingLedger ledger = new FindingLedger(stored);
        List<List<Change>> changes = new ArrayList<>();
        for (RunRecord r : records) {
            changes.add(ledger.apply(Evidence.of(r)));
        }
        List<TrackedFinding> next = new ArrayList<>(stored);
        for (TrackedFinding f : ledger.touched()) {
            if (f.id == null) {
                f.id = (long) next.size() + 1;
                next.add(f);
            }
        }
        stored = next;
        return changes;
    }

    private List<Change> one(Instant startedAt, List<?> facts) {
        return group(run(startedAt, facts, Set.of())).get(0);
    }

    private List<Change> one(List<?> facts) {
        return one(minute(1000 + runs++), facts);
    }

    private List<TrackedFinding> findingsOf(String rule) {
        return stored.stream().filter(f -> f.rule.equals(rule)).toList();
    }

    @Test
    void consecutiveBreachesOfASeriesAreOneFindingResolvedAtTheFirstSampleBelow() {
        List<Change> changes = one(List.of(cpu("i-1", 0, 50), cpu("i-1", 1, 85), cpu("i-1", 2, 90), cpu("i-1", 3, 70),
                cpu("i-1", 4, 95), cpu("i-1", 5, 60)));
        List<TrackedFinding> cpu = findingsOf(CPU_RULE);
        assertEquals(2, cpu.size());
        TrackedFinding first = cpu.get(0);
        assertEquals(2, first.count);
        assertEquals(minute(1), first.firstSeen);
        assertEquals(minute(2), first.lastSeen);
        assertEquals(TrackedFinding.RESOLVED, first.state);
        assertEquals(minute(3), first.resolvedAt);
        assertEquals(90.0, first.value);
        TrackedFinding second = cpu.get(1);
        assertEquals(1, second.count);
        assertEquals(minute(4), second.firstSeen);
        assertEquals(minute(5), second.resolvedAt);
        assertEquals(List.of(RunFinding.OPENED, RunFinding.OPENED), changes.stream().map(c -> c.action).toList());
        assertEquals(List.of(2, 1), changes.stream().map(c -> c.seen).toList());
        assertEquals(first.fingerprint, second.fingerprint, "one rule on one resource: one fingerprint, two episodes");
    }

    @Test
    void samplesOutOfOrderAreTakenInTimeOrder() {
        one(List.of(cpu("i-2", 3, 95), cpu("i-2", 1, 85), cpu("i-2", 2, 50), cpu("i-2", 0, 40)));
        List<TrackedFinding> cpu = findingsOf(CPU_RULE);
        assertEquals(2, cpu.size());
        assertEquals(minute(1), cpu.get(0).firstSeen);
        assertEquals(minute(2), cpu.get(0).resolvedAt);
        assertEquals(minute(3), cpu.get(1).firstSeen);
        assertTrue(cpu.get(1).isOpen());
    }

    @Test
    void aBreachThatHoldsIntoTheNextRunUpdatesTheFindingUntilASampleClearsIt() {
        Change opened = one(List.of(cpu("i-3", 0, 50), cpu("i-3", 1, 85), cpu("i-3", 2, 90))).get(0);
        assertEquals(RunFinding.OPENED, opened.action);
        TrackedFinding f = findingsOf(CPU_RULE).get(0);
        assertTrue(f.isOpen());

        List<Change> next = one(List.of(cpu("i-3", 3, 88), cpu("i-3", 4, 40), cpu("i-3", 5, 30)));
        assertEquals(1, next.size());
        assertEquals(RunFinding.RESOLVED, next.get(0).action, "updated by the 88, then resolved by the 40");
        assertEquals(1, next.get(0).seen);
        assertEquals(1, findingsOf(CPU_RULE).size());
        assertEquals(3, f.count);
        assertEquals(minute(3), f.lastSeen);
        assertEquals(minute(4), f.resolvedAt);

        List<Change> again = one(List.of(cpu("i-3", 6, 99)));
        assertEquals(RunFinding.OPENED, again.get(0).action, "a breach after the resolution opens a new finding");
        assertEquals(2, findingsOf(CPU_RULE).size());
    }

    @Test
    void aRunThatDoesNotFireOnTheSeriesResolvesItsOpenFinding() {
        one(List.of(cpu("i-4", 0, 95)));
        one(List.of(cpu("i-other", 1, 20)));
        assertTrue(findingsOf(CPU_RULE).get(0).isOpen(), "another series does not resolve it");
        List<Change> cleared = one(List.of(cpu("i-4", 1, 20), cpu("i-4", 2, 25)));
        assertEquals(1, cleared.size());
        assertEquals(RunFinding.RESOLVED, cleared.get(0).action);
        assertEquals(0, cleared.get(0).seen);
        assertNull(cleared.get(0).latest);
        assertEquals(minute(1), findingsOf(CPU_RULE).get(0).resolvedAt);
    }

    @Test
    void samplesNoLaterThanTheLastBreachNeverResolveIt() {
        one(List.of(cpu("i-5", 5, 95)));
        List<Change> same = one(List.of(cpu("i-5", 5, 20), cpu("i-5", 4, 10)));
        assertTrue(same.isEmpty(), "a sample at or before the last breach says nothing new");
        List<Change> late = one(List.of(cpu("i-5", 3, 91)));
        assertEquals(RunFinding.UPDATED, late.get(0).action);
        TrackedFinding f = findingsOf(CPU_RULE).get(0);
        assertEquals(2, f.count);
        assertEquals(minute(5), f.lastSeen, "a late breach counts but does not move lastSeen back");
        assertTrue(f.isOpen());
    }

    @Test
    void runsOfOneGroupContinueEachOthersFindings() {
        List<List<Change>> changes = group(run(minute(100), List.of(cpu("i-6", 0, 95)), Set.of()),
                run(minute(101), List.of(cpu("i-6", 1, 96)), Set.of()),
                run(minute(102), List.of(cpu("i-6", 2, 10)), Set.of()));
        assertEquals(RunFinding.OPENED, changes.get(0).get(0).action);
        assertEquals(RunFinding.UPDATED, changes.get(1).get(0).action);
        assertEquals(RunFinding.RESOLVED, changes.get(2).get(0).action);
        assertEquals(1, stored.size());
        TrackedFinding f = stored.get(0);
        assertEquals(changes.get(0).get(0).finding, f);
        assertEquals(2, f.count);
        assertEquals(changes.get(1).get(0).finding, f);
    }

    @Test
    void aDaysCostIsItsOwnFindingUpdatedWhenTheDayIsSeenAgainAndResolvedWhenItNoLongerFires() {
        LocalDate day = LocalDate.parse("2026-11-20");
        one(List.of(DailyCost.of("111", day, 6)));
        List<Change> again = one(List.of(DailyCost.of("111", day, 7)));
        assertEquals(RunFinding.UPDATED, again.get(0).action);
        one(List.of(DailyCost.of("111", day.plusDays(1), 8)));
        List<TrackedFinding> daily = findingsOf("DailyCostThresholds_25");
        assertEquals(2, daily.size(), "the next day is a finding of its own");
        assertEquals("2026-11-20", daily.get(0).period);
        assertEquals("2026-11-21", daily.get(1).period);
        assertNotEquals(daily.get(0).fingerprint, daily.get(1).fingerprint);
        assertEquals(2, daily.get(0).count);
        assertEquals(7.0, daily.get(0).value);

        List<Change> revised = one(List.of(DailyCost.of("111", day, 4)));
        assertEquals(RunFinding.RESOLVED, revised.get(0).action, "the day re-evaluated below the threshold");
        assertTrue(daily.get(1).isOpen());
    }

    @Test
    void eventsAreCountedUnderOneFindingAndNeverResolvedByALaterEvent() {
        ApiEvent denied = new ApiEvent(minute(1), "ec2.amazonaws.com", "TerminateInstances", "bob", "203.0.113.9",
                "eu-west-1", "AccessDenied", "i-9");
        one(List.of(denied));
        List<Change> second = one(List.of(new ApiEvent(minute(2), "ec2.amazonaws.com", "StopInstances", "bob", null,
                "eu-west-1", "AccessDenied", "i-9"), new ApiEvent(minute(3), "ec2.amazonaws.com", "DescribeInstances",
                "bob", null, "eu-west-1", null, "i-9")));
        assertEquals(List.of(RunFinding.UPDATED), second.stream().map(c -> c.action).toList());
        TrackedFinding f = findingsOf("Unauthorized access").get(0);
        assertEquals(2, f.count);
        assertEquals(minute(1), f.firstSeen);
        assertEquals(minute(2), f.lastSeen);
        assertTrue(f.isOpen());
    }

    @Test
    void aStateFindingIsResolvedByACompleteInventoryWithoutItButNotByAPartialOne() {
        group(run(minute(1), List.of(bucket("open-bucket", true), bucket("fine-bucket", false)), Set.of("ResourceState")));
        TrackedFinding f = findingsOf("Public S3 bucket").get(0);
        assertEquals("open-bucket", f.resource);

        List<Change> partial = group(run(minute(2), List.of(bucket("fine-bucket", false)), Set.of())).get(0);
        assertTrue(partial.isEmpty());
        assertTrue(f.isOpen(), "a partial inventory says nothing about what it did not list");

        List<Change> stillThere = group(run(minute(3), List.of(bucket("open-bucket", true)), Set.of("ResourceState"))).get(0);
        assertEquals(RunFinding.UPDATED, stillThere.get(0).action);
        assertTrue(f.isOpen());

        List<Change> gone = group(run(minute(4), List.of(bucket("fine-bucket", false)), Set.of("ResourceState"))).get(0);
        assertEquals(1, gone.size());
        assertEquals(RunFinding.RESOLVED, gone.get(0).action);
        assertEquals(minute(4), f.resolvedAt);
        assertEquals(2, f.count);
    }

    @Test
    void aStateFindingIsResolvedWhenTheResourceIsSeenFixed() {
        one(minute(1), List.of(bucket("b-fix", true)));
        List<Change> fixed = one(minute(2), List.of(bucket("b-fix", false)));
        assertEquals(RunFinding.RESOLVED, fixed.get(0).action);
        assertEquals(minute(2), findingsOf("Public S3 bucket").get(0).resolvedAt);
    }

    @Test
    void aCompleteInventoryLeavesOtherFactTypesAlone() {
        one(List.of(cpu("i-7", 0, 95)));
        group(run(minute(5000), List.of(bucket("b-x", false)), Set.of("ResourceState")));
        assertTrue(findingsOf(CPU_RULE).get(0).isOpen());
    }

    @Test
    void fingerprintsDifferByAgentRuleResourceAndPeriod() {
        String base = Fingerprints.of("aws-usage", "R", "i-1", null);
        assertEquals(base, Fingerprints.of("aws-usage", "R", "i-1", null));
        assertEquals(64, base.length());
        assertNotEquals(base, Fingerprints.of("aws-usage", "R", "i-1", ""));
        assertNotEquals(base, Fingerprints.of("aws-usage", "R", "i-2", null));
        assertNotEquals(base, Fingerprints.of("aws-usage", "S", "i-1", null));
        assertNotEquals(base, Fingerprints.of("other", "R", "i-1", null));
        assertNotEquals(Fingerprints.of("a", "bc"), Fingerprints.of("ab", "c"));
    }
}
