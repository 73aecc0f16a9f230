package io.log2.intelligence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.SampleFeatures;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.Evaluator;
import io.log2.logic.Finding;
import io.log2.logic.Findings;
import io.log2.logic.RuleFile;
import io.log2.logic.RuleIds;
import io.log2.logic.RuleInfo;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Learned rows written with Apache POI into the LearnedSignals table of the shipped thresholds.drl.xlsx compile as the
 * service compiles rule sets, and fire in Drools exactly where the learner's own reading of them matches.
 */
class LearnedTableTest {

    private static final Path SHIPPED = Path.of("rules/aws-usage/thresholds.drl.xlsx");
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    private static Map<String, String> cells(Signal signal) {
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("Rule", "Learned: " + signal);
        cells.putAll(signal.cells());
        cells.put("Kind", "alert");
        cells.put("Severity", "medium");
        cells.put("Category", "resource");
        cells.put("Message", "{metric} of {resource} is unusual: score {score}");
        cells.put("Provenance", "learner test, training window 2014-01-01..2014-02-01");
        return cells;
    }

    private static final Signal HIGH_SCORE = new Signal(List.of(new Signal.Bound(Signal.Feature.SCORE, true, 4.5),
            new Signal.Bound(Signal.Feature.RECENT_SCORE, false, 4.5)));
    private static final Signal DROP = new Signal(List.of(new Signal.Bound(Signal.Feature.CHANGE_Z, false, -6.5)));

    private static RowChange add(String id, Signal signal) {
        return new RowChange(RowChange.Kind.ADD, LearnedTable.FILE, LearnedTable.TABLE, id, cells(signal), "test");
    }

    private static CompiledRuleSet compile(byte[] table) {
        AwsUsageAgent agent = new AwsUsageAgent();
        List<RuleFile> files = RuleIds.fillIn(agent.name(), List.of(new RuleFile(LearnedTable.FILE, table)), List::of, Set::of);
        return new RuleSetCompiler(LearnedTableTest.class.getClassLoader(), agent).compile(agent.name(), files);
    }

    private static SampleFeatures sample(Double changeZ, Double score, Double recentScore) {
        return new SampleFeatures("AWS/EC2", "CPUUtilization", "i-1", T, 50, 40.0, 2.0, 40.0, 2.0, 40.0, 3.0, 5.0, 5.0,
                changeZ, score, recentScore, 1.0, 1.0, 3.0, 3.0);
    }

    private static List<Finding> evaluate(CompiledRuleSet compiled, SampleFeatures fact) {
        Findings findings = new Findings(compiled, "test", () -> 0);
        Evaluator.evaluate(new RuleSet(compiled, 1, "test", T), List.of(fact), findings, null);
        return findings.items();
    }

    @Test
    void addedRowsCompileAndFireWhereTheirSignalMatches() throws IOException {
        byte[] table = LearnedTable.apply(Files.readAllBytes(SHIPPED), List.of(add("t-1", HIGH_SCORE), add("t-2", DROP)));
        CompiledRuleSet compiled = compile(table);

        RuleInfo first = compiled.rules().values().stream().filter(r -> r.name().equals("t-1")).findFirst().orElseThrow();
        RuleInfo second = compiled.rules().values().stream().filter(r -> r.name().equals("t-2")).findFirst().orElseThrow();
        assertEquals(Integer.valueOf(61), first.row(), "under the placeholder row 60");
        assertEquals(Integer.valueOf(62), second.row());
        assertEquals(19 + 2, compiled.rules().size(), "the shipped rules are all still there");

        List<SampleFeatures> facts = List.of(
                sample(1.0, 5.0, 2.0),    // score crosses 4.5 after a quiet while: t-1
                sample(1.0, 5.0, 4.6),    // score was above 4.5 recently: nothing
                sample(1.0, 4.5, 1.0),    // at the bound, not above it: nothing
                sample(-7.0, null, null), // a drop, no score yet: t-2 only
                sample(null, 9.0, null)); // no recent score: a bound on a null feature never holds
        for (SampleFeatures f : facts) {
            List<String> fired = evaluate(compiled, f).stream().map(Finding::rule).sorted().toList();
            List<String> expected = new java.util.ArrayList<>();
            if (HIGH_SCORE.matches(f)) {
                expected.add("t-1");
            }
            if (DROP.matches(f)) {
                expected.add("t-2");
            }
            assertEquals(expected, fired, "Drools and the learner read the row alike on " + f);
        }
        assertEquals(List.of("t-1"), evaluate(compiled, facts.get(0)).stream().map(Finding::rule).toList());
        Finding finding = evaluate(compiled, facts.get(0)).get(0);
        assertEquals("CPUUtilization of i-1 is unusual: score 5", finding.message());
        assertEquals(LearnedTable.FILE, finding.file());
        assertEquals(Integer.valueOf(61), finding.row());
    }

    @Test
    void rowsOnHowLongAValueWasUnseenFireInDroolsAsTheLearnerReadsThem() throws IOException {
        Signal weekHigh = new Signal(List.of(new Signal.Bound(Signal.Feature.SCORE, true, 9),
                new Signal.Bound(Signal.Feature.SINCE_AS_HIGH, true, 2016)));
        Signal dayLow = new Signal(List.of(new Signal.Bound(Signal.Feature.SINCE_AS_LOW, true, 288)));
        CompiledRuleSet compiled = compile(LearnedTable.apply(Files.readAllBytes(SHIPPED), List.of(add("w-1", weekHigh), add("w-2", dayLow))));
        record Case(double score, Double sinceAsHigh, Double sinceAsLow, List<String> fired) {
        }
        List<Case> cases = List.of(
                new Case(9.5, 2017.0, 1.0, List.of("w-1")),   // highest in more than a week
                new Case(9.5, 2016.0, 1.0, List.of()),        // reached exactly a week ago: not above 2016
                new Case(8.0, 2017.0, 1.0, List.of()),        // unseen, but the score is not above 9
                new Case(1.0, 1.0, 289.0, List.of("w-2")),    // the lowest for more than a day
                new Case(9.5, null, null, List.of()));        // too short a history: the counts are null
        for (Case c : cases) {
            SampleFeatures f = new SampleFeatures("AWS/EC2", "CPUUtilization", "i-1", T, 50, 40.0, 2.0, 40.0, 2.0, 40.0,
                    3.0, 5.0, 5.0, 1.0, c.score(), 1.0, 1.0, 1.0, c.sinceAsHigh(), c.sinceAsLow());
            List<String> fired = evaluate(compiled, f).stream().map(Finding::rule).sorted().toList();
            assertEquals(c.fired(), fired, c.toString());
            assertEquals(fired.contains("w-1"), weekHigh.matches(f));
            assertEquals(fired.contains("w-2"), dayLow.matches(f));
        }
    }

    @Test
    void changedAndRemovedRowsAreFoundByTheirId() throws IOException {
        byte[] table = LearnedTable.apply(Files.readAllBytes(SHIPPED), List.of(add("t-1", HIGH_SCORE), add("t-2", DROP)));
        byte[] changed = LearnedTable.apply(table, List.of(
                new RowChange(RowChange.Kind.CHANGE, LearnedTable.FILE, LearnedTable.TABLE, "t-1",
                        Map.of("Score above", "6", "Recent score at most", "6"), "raise"),
                new RowChange(RowChange.Kind.REMOVE, LearnedTable.FILE, LearnedTable.TABLE, "t-2", Map.of(), "retire")));
        CompiledRuleSet compiled = compile(changed);
        assertFalse(compiled.rules().values().stream().anyMatch(r -> r.name().equals("t-2")));
        assertTrue(evaluate(compiled, sample(1.0, 5.0, 2.0)).isEmpty(), "5 is no longer above the raised bound");
        assertEquals("t-1", evaluate(compiled, sample(1.0, 6.5, 2.0)).get(0).rule());
        assertTrue(evaluate(compiled, sample(-7.0, null, null)).isEmpty(), "the removed row is gone");
    }

    @Test
    void changesThatDoNotFitTheTableAreRefused() throws IOException {
        byte[] shipped = Files.readAllBytes(SHIPPED);
        IllegalArgumentException column = assertThrows(IllegalArgumentException.class, () -> LearnedTable.apply(shipped,
                List.of(new RowChange(RowChange.Kind.ADD, LearnedTable.FILE, LearnedTable.TABLE, "t-9", Map.of("Resource", "i-1"), "x"))));
        assertTrue(column.getMessage().contains("no column 'Resource'"), column.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearnedTable.apply(shipped,
                List.of(new RowChange(RowChange.Kind.REMOVE, LearnedTable.FILE, LearnedTable.TABLE, "t-404", Map.of(), "x"))));
        assertThrows(IllegalArgumentException.class, () -> LearnedTable.apply(shipped,
                List.of(add("LearnedSignals_60", DROP))), "an id the table already has");
        assertThrows(IllegalArgumentException.class, () -> LearnedTable.apply(shipped,
                List.of(new RowChange(RowChange.Kind.ADD, LearnedTable.FILE, "NoSuchTable", "t-1", Map.of(), "x"))));
    }
}
