package io.log2.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.MetricSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a rule writes to the log is checked when its rule set compiles: severity and category from their fixed sets,
 * message templates and names within their columns. Before, such a rule compiled and every run it fired in failed
 * when the log was written, with the other runs of the same commit.
 */
class RuleMetadataTest {

    private static final String HEADER = "package t\nimport io.log2.agents.awsusage.MetricSample\nglobal io.log2.logic.Findings findings\n";

    private final RuleSetCompiler compiler = new RuleSetCompiler(getClass().getClassLoader(), agent -> List.of(MetricSample.class));

    private static RuleFile drl(String... lines) {
        return new RuleFile("meta.drl", (HEADER + String.join("\n", lines)).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "@severity(\"very high priority\") | is not one of low, medium, high, critical",
            "@severity(\"High\")               | is not one of low, medium, high, critical",
            "@severity(\"\")                   | is not one of low, medium, high, critical",
            "@category(\"money\")              | is not one of cost, resource, security, performance"})
    void aSeverityOrCategoryOutsideItsSetIsRefusedWithFileLineAndReason(String metadata, String reason) {
        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class, () -> compiler.compile("t", List.of(
                drl("rule \"Fine\" @severity(\"low\") when MetricSample() then end",
                        "",
                        "rule \"Odd\" " + metadata,
                        "when $m : MetricSample() then findings.alert(kcontext, $m); end"))));
        assertEquals(1, e.problems().size(), e.problems().toString());
        RuleProblem p = e.problems().get(0);
        assertEquals("meta.drl", p.file());
        assertEquals(6, p.line());
        assertTrue(p.reason().startsWith("rule \"Odd\": "), p.reason());
        assertTrue(p.reason().contains(reason), p.reason());
    }

    @Test
    void aMessageOrANameLongerThanItsColumnIsRefused() {
        String message = "x".repeat(2001);
        String name = "n".repeat(256);
        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class, () -> compiler.compile("t", List.of(
                drl("rule \"Long message\" @message(\"" + message + "\") when MetricSample() then end",
                        "rule \"" + name + "\" when MetricSample() then end"))));
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).reason().contains("@message is 2001 characters long, more than 2000"));
        assertEquals(4, e.problems().get(0).line());
        assertTrue(e.problems().get(1).reason().contains("the name is longer than 255 characters"));
        assertEquals(5, e.problems().get(1).line());
    }

    @Test
    void everySeverityAndCategoryOfTheSetsAndTheLongestValuesCompileAndAreReported() {
        List<String> lines = new ArrayList<>();
        String[] severities = {"low", "medium", "high", "critical"};
        String[] categories = {"cost", "resource", "security", "performance"};
        for (int i = 0; i < 4; i++) {
            lines.add("rule \"R" + i + "\" @severity(\"" + severities[i] + "\") @category('" + categories[i] + "')");
            lines.add("when $m : MetricSample() then findings.alert(kcontext, $m); end");
        }
        lines.add("rule \"" + "n".repeat(255) + "\" @message(\"" + "m".repeat(2000) + "\")");
        lines.add("when $m : MetricSample() then findings.alert(kcontext, $m); end");
        CompiledRuleSet compiled = compiler.compile("t", List.of(drl(lines.toArray(String[]::new))));
        Findings findings = new Findings(compiled, "run", () -> 1);
        Evaluator.evaluate(new RuleSet(compiled, 1, "test", Instant.now()), List.of(new MetricSample("n", "m", "r", null, 1, null)),
                findings, null);
        assertEquals(5, findings.items().size());
        assertTrue(findings.items().stream().anyMatch(f -> f.severity().equals("critical") && f.category().equals("performance")));
        assertTrue(findings.items().stream().anyMatch(f -> f.severity().equals("medium") && f.message().length() == 2000));
    }

    @Test
    void aTablesSeverityCellOutsideTheSetIsRefusedWithItsRow() throws IOException {
        List<RuleFile> files = new ArrayList<>(new RuleFolder(Path.of("rules/aws-usage")).read());
        RuleFile table = files.stream().filter(f -> f.name().equals(RuleSandboxTest.TABLE)).findFirst().orElseThrow();
        files.set(files.indexOf(table), new RuleFile(table.name(),
                RuleSandboxTest.withCell(table.content(), 11, 8, "very high priority")));
        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class,
                () -> new RuleSetCompiler(getClass().getClassLoader(), new io.log2.agents.awsusage.AwsUsageAgent())
                        .compile("aws-usage", files));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertEquals(RuleSandboxTest.TABLE, e.problems().get(0).file());
        assertEquals(12, e.problems().get(0).row());
        assertTrue(e.problems().get(0).reason().contains("@severity(\"very high priority\") is not one of"), e.problems().toString());
    }
}
