package io.log2.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.MetricSample;
import io.log2.logs.CapturedFiring;
import io.log2.logs.FiringCapture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSetCompilerTest {

    private final RuleSetCompiler compiler = new RuleSetCompiler(getClass().getClassLoader(), agent -> List.of(MetricSample.class));

    private static RuleFile drl(String name, String... lines) {
        return new RuleFile(name, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    private static final String HEADER = "package t\nimport io.log2.agents.awsusage.MetricSample\nglobal io.log2.logic.Findings findings\n";

    @Test
    void aConsequenceThatThrowsIsRecordedOnItsFiringAndTheOtherRulesStillFire() {
        CompiledRuleSet compiled = compiler.compile("t", List.of(drl("r.drl", HEADER,
                "rule \"Throws\" salience 10 when $m : MetricSample(value > 1) then throw new IllegalStateException(\"no quota\"); end",
                "rule \"Works\" when $m : MetricSample(value > 1) then findings.alert(kcontext, $m, $m.value(), 1); end")));
        RuleSet rs = new RuleSet(compiled, 1, "test", Instant.now());
        FiringCapture capture = new FiringCapture(compiled);
        Findings findings = new Findings(compiled, "run", capture::currentSeq);
        Evaluator.evaluate(rs, List.of(new MetricSample("n", "m", "r", null, 5, null)), findings, capture);

        List<CapturedFiring> firings = capture.firings();
        assertEquals(2, firings.size());
        assertEquals("Throws", firings.get(0).rule().name());
        assertTrue(firings.get(0).error().contains("IllegalStateException: no quota"), firings.get(0).error());
        assertEquals("Works", firings.get(1).rule().name());
        assertNull(firings.get(1).error());
        assertEquals(1, findings.items().size());
        assertEquals(2, findings.items().get(0).firing());
        assertEquals("r.drl", firings.get(1).rule().file());
        assertEquals("r", firings.get(1).resource());
    }

    @Test
    void errorsNameFileLineAndReason() {
        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class, () -> compiler.compile("t",
                List.of(drl("ok.drl", HEADER, "rule \"A\" when MetricSample() then end"),
                        drl("bad.drl", HEADER, "rule \"B\"", "when", "  MetricSample( nosuchfield > 1 )", "then", "end"))));
        RuleProblem p = e.problems().get(0);
        assertEquals("bad.drl", p.file());
        assertEquals(7, p.line(), "header is lines 1-4, the pattern line 7");
        assertTrue(p.reason().contains("nosuchfield"), p.reason());
    }

    @Test
    void aFolderWithoutRulesOrATableWithoutRowsIsRefused() {
        assertThrows(RuleSetRejectedException.class, () -> compiler.compile("t", List.of()));
        RuleSetRejectedException empty = assertThrows(RuleSetRejectedException.class,
                () -> compiler.compile("t", List.of(drl("only-header.drl", HEADER))));
        assertNotNull(empty.problems().get(0).reason());
        RuleSetRejectedException table = assertThrows(RuleSetRejectedException.class, () -> compiler.compile("t",
                List.of(drl("ok.drl", HEADER, "rule \"A\" when MetricSample() then end"),
                        new RuleFile("t.drl.csv", "just,some,cells\n1,2,3\n".getBytes(StandardCharsets.UTF_8)))));
        assertEquals("t.drl.csv", table.problems().get(0).file());
    }

    @Test
    void onlyProperlyNamedFilesAreRules() {
        assertTrue(RuleFile.isRuleFileName("a.drl"));
        assertTrue(RuleFile.isRuleFileName("thresholds.drl.xlsx"));
        assertTrue(RuleFile.isRuleFileName("t.DRL.CSV"));
        assertTrue(!RuleFile.isRuleFileName("thresholds.xlsx"));
        assertTrue(!RuleFile.isRuleFileName("~$thresholds.drl.xlsx"));
        assertTrue(!RuleFile.isRuleFileName(".~lock.thresholds.drl.xlsx#"));
    }
}
