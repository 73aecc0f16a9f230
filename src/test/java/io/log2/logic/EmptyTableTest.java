package io.log2.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.MetricSample;
import io.log2.agents.terraform.TerraformAgent;
import io.log2.logs.CapturedFiring;
import io.log2.logs.FiringCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A decision table without rows (the shipped terraform table that learned rows are added to, or any table a person
 * empties): Drools' parser still makes a rule of the row after the table's header, with no condition and no action.
 * It is no rule of the table: it gets no id, is not in the knowledge base and never fires.
 */
class EmptyTableTest {

    private static final String HEADER = "package t\nimport io.log2.agents.awsusage.MetricSample\nglobal io.log2.logic.Findings findings\n";
    /** A CSV decision table with its header and no rows (the other tests of tables add rows to it). */
    static final String TABLE = """
            RuleSet,t
            Import,io.log2.agents.awsusage.MetricSample
            Variables,io.log2.logic.Findings findings

            RuleTable High
            CONDITION,ACTION,NAME
            $m : MetricSample,,
            value > $param,"findings.alert(kcontext, $m, $m.value(), $param);",
            Above,Alert at,Id
            """;

    private final RuleSetCompiler compiler = new RuleSetCompiler(getClass().getClassLoader(), agent -> List.of(MetricSample.class));

    private static RuleFile file(String name, String content) {
        return new RuleFile(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static RuleFile drl() {
        return file("r.drl", HEADER + "rule \"Any\" when $m : MetricSample() then end\n");
    }

    @Test
    void aTableWithoutRowsAddsNoRuleAndNothingFiresFromIt() {
        CompiledRuleSet compiled = compiler.compile("t", List.of(drl(), file("high.drl.csv", TABLE)));

        assertEquals(List.of("Any"), compiled.rules().values().stream().map(RuleInfo::name).toList());
        assertEquals(List.of("Any"), firedRules(compiled, new MetricSample("n", "m", "r", null, 5, null)));
    }

    @Test
    void aRowWithNothingButAnIdIsNoRuleEither() {
        CompiledRuleSet compiled = compiler.compile("t", List.of(drl(), file("high.drl.csv", TABLE + ",,High_10\n")));

        assertEquals(List.of("Any"), compiled.rules().values().stream().map(RuleInfo::name).toList());
    }

    @Test
    void theTableStillBecomesRulesOnceItHasARow() {
        CompiledRuleSet compiled = compiler.compile("t", List.of(drl(), file("high.drl.csv", TABLE + "3,3,High_10\n")));

        assertEquals(List.of("Any", "High_10"), firedRules(compiled, new MetricSample("n", "m", "r", null, 5, null)));
        RuleInfo row = compiled.rules().values().stream().filter(r -> r.name().equals("High_10")).findFirst().orElseThrow();
        assertEquals(10, row.row());
    }

    @Test
    void aBlankRowIsGivenNoIdSoTheFileIsLeftAsItIs() {
        List<RuleFile> files = List.of(file("high.drl.csv", TABLE));
        assertSame(files, RuleIds.fillIn("t", files, List::of, () -> {
            throw new AssertionError("no row needs an id, so the history is not read");
        }));
    }

    @Test
    void theShippedTerraformTableWithoutRowsCompilesToNoRuleAndKeepsItsBytes() throws IOException {
        RuleFile sizes = new RuleFile("account-sizes.drl.xlsx", Files.readAllBytes(Path.of("rules/terraform/account-sizes.drl.xlsx")));
        List<RuleFile> files = List.of(sizes);
        assertSame(files, RuleIds.fillIn("terraform", files, List::of, Set::of));

        RuleSetCompiler terraform = new RuleSetCompiler(getClass().getClassLoader(), new TerraformAgent());
        RuleSetRejectedException none = assertThrows(RuleSetRejectedException.class, () -> terraform.compile("terraform", files));
        assertEquals(List.of("the rule set has no rules"), none.problems().stream().map(RuleProblem::reason).toList());
    }

    @Test
    void aSpreadsheetThatHoldsNoRuleTableIsStillRefused() {
        String noTable = "RuleSet,t\nImport,io.log2.agents.awsusage.MetricSample\n\nJust,cells\n";
        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class,
                () -> compiler.compile("t", List.of(drl(), file("cells.drl.csv", noTable))));
        assertEquals("cells.drl.csv", e.problems().get(0).file());
        assertTrue(e.problems().get(0).reason().contains("RuleTable"), e.problems().get(0).reason());
    }

    private static List<String> firedRules(CompiledRuleSet compiled, Object fact) {
        RuleSet rs = new RuleSet(compiled, 1, "test", Instant.now());
        FiringCapture capture = new FiringCapture(compiled);
        Findings findings = new Findings(compiled, "run", capture::currentSeq);
        Evaluator.evaluate(rs, List.of(fact), findings, capture);
        return capture.firings().stream().map(CapturedFiring::rule).map(RuleInfo::name).sorted().toList();
    }
}
