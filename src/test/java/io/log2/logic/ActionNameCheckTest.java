package io.log2.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.MetricSample;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A compiler that knows the actions refuses a quoted action name that is not one of them, in a DRL consequence or
 * a decision table's Action column, with file, line or row and the known names; names built at run time, and
 * calls in comments or strings, are left alone; a compiler that does not know the actions checks nothing.
 */
class ActionNameCheckTest {

    private static final Set<String> KNOWN = Set.of("stop-instance", "add-tags");
    private static final String HEADER = "package t\nimport io.log2.agents.awsusage.MetricSample\nglobal io.log2.logic.Findings findings\n";

    private final RuleSetCompiler plain = new RuleSetCompiler(getClass().getClassLoader(), agent -> List.of(MetricSample.class));
    private final RuleSetCompiler checking = plain.checkingActions(KNOWN);

    private static RuleFile file(String name, String... lines) {
        return new RuleFile(name, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    private static RuleFile drl(String consequence) {
        return file("r.drl", HEADER, "rule \"Idle\"", "when", "    $m : MetricSample( value < 2 )", "then", consequence, "end");
    }

    @Test
    void aMisspeltActionIsRefusedWithItsLineAndTheKnownNames() {
        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class, () -> checking.compile("t", List.of(
                drl("    findings.alert(kcontext, $m);\n    findings.act(kcontext, $m, \"stop-instnace\");"))));
        assertEquals(1, e.problems().size(), e.problems().toString());
        RuleProblem p = e.problems().get(0);
        assertEquals("r.drl", p.file());
        assertEquals(10, p.line(), "header is lines 1-4, 'then' line 8, the act call line 10");
        assertEquals("rule \"Idle\": findings.act names the action \"stop-instnace\", which is not one of add-tags, stop-instance",
                p.reason());
    }

    @Test
    void aKnownActionCompiles() {
        CompiledRuleSet compiled = checking.compile("t", List.of(drl("    findings.act( kcontext , $m , \"stop-instance\" );")));
        assertEquals(1, compiled.rules().size());
    }

    @Test
    void namesBuiltAtRunTimeAndCallsInCommentsOrStringsAreNotChecked() {
        CompiledRuleSet compiled = checking.compile("t", List.of(drl(String.join("\n",
                "    String name = \"stop-\" + \"instance\";",
                "    findings.act(kcontext, $m, name);",
                "    findings.act(kcontext, $m, \"stop-\" + \"instance\");",
                "    // findings.act(kcontext, $m, \"in-a-comment\");",
                "    /* findings.act(kcontext, $m, \"in-a-block\"); */",
                "    String s = \"findings.act(kcontext, $m, \\\"in-a-string\\\")\";"))));
        assertEquals(1, compiled.rules().size());
    }

    @Test
    void withoutKnownActionsNothingIsChecked() {
        CompiledRuleSet compiled = plain.compile("t", List.of(drl("    findings.act(kcontext, $m, \"stop-instnace\");")));
        assertEquals(1, compiled.rules().size());
    }

    @Test
    void aTableRowWithAMisspeltActionCellIsRefusedByItsRow() {
        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class, () -> checking.compile("t", List.of(table("add-tgas"))));
        assertEquals(1, e.problems().size(), e.problems().toString());
        RuleProblem p = e.problems().get(0);
        assertEquals("idle.drl.csv", p.file());
        assertEquals(10, p.row());
        assertTrue(p.reason().contains("\"add-tgas\", which is not one of add-tags, stop-instance"), p.reason());

        assertEquals(3, checking.compile("t", List.of(table("add-tags"))).rules().size(), "spelt right, the table compiles");
    }

    /** Three rows; the second (sheet row 10) asks for the action given. */
    private static RuleFile table(String action) {
        return file("idle.drl.csv",
                "RuleSet,t",
                "Import,io.log2.agents.awsusage.MetricSample",
                "Variables,io.log2.logic.Findings findings",
                "RuleTable IdleTable",
                "DESCRIPTION,CONDITION,ACTION,ACTION,METADATA,METADATA,NAME",
                ",$m : MetricSample,,,,,",
                ",value < $param,\"findings.$param(kcontext, $m);\",\"findings.act(kcontext, $m, \"\"$param\"\");\",\"severity(\"\"$param\"\")\",\"category(\"\"$param\"\")\",",
                "Rule,Max value,Kind,Action,Severity,Category,Id",
                "Idle,2,recommend,stop-instance,low,cost,IdleTable_9",
                "Untagged,5,alert," + action + ",low,cost,IdleTable_10",
                "Quiet,7,alert,,low,cost,IdleTable_11");
    }
}
