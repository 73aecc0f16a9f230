package io.log2.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.MetricSample;
import io.log2.logs.FiringCapture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped table saved by other programs than the Apache POI that wrote it (openpyxl, LibreOffice Calc;
 * fixtures made by {@code src/test/resources/tables/make-fixtures.sh}) compiles to the same rules, and an edit
 * made in those programs shows; a CSV table saved as Excel's "CSV UTF-8" compiles to the same rules, and one saved with ';'
 * between its cells is refused saying so.
 */
class SavedByOtherProgramsTest {

    private static final Path SHIPPED = Path.of("rules/aws-usage/thresholds.drl.xlsx");
    private static final Path FIXTURES = Path.of("src/test/resources/tables");

    private final RuleSetCompiler compiler = new RuleSetCompiler(getClass().getClassLoader(), new AwsUsageAgent());

    @ParameterizedTest
    @ValueSource(strings = {"openpyxl.drl.xlsx", "libreoffice.drl.xlsx"})
    void aTableResavedUnchangedCompilesToTheSameRules(String fixture) throws IOException {
        RuleFile saved = table(FIXTURES.resolve(fixture));
        RuleFile shipped = table(SHIPPED);
        assertEquals(rules(shipped), rules(saved), "the same rules, row for row, as the shipped table");

        CompiledRuleSet compiled = compiler.compile("t", List.of(saved));
        assertEquals(19, compiled.rules().size()); // 18 threshold rows and the learned table's placeholder
        List<Finding> findings = evaluate(compiled, cpu(83));
        assertEquals(1, findings.size());
        assertEquals("MetricThresholds_11", findings.get(0).rule());
        assertEquals(Integer.valueOf(11), findings.get(0).row());
        assertEquals(Double.valueOf(80), findings.get(0).threshold());
        assertEquals(0, evaluate(compiled, cpu(79), new MetricSample("AWS/S3", "CPUUtilization", "b", null, 95, null)).size(),
                "the namespace and metric of the merged pattern cell still apply to every column under it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openpyxl-cpu85.drl.xlsx", "libreoffice-cpu85.drl.xlsx"})
    void aThresholdEditedInThoseProgramsShows(String fixture) throws IOException {
        CompiledRuleSet compiled = compiler.compile("t", List.of(table(FIXTURES.resolve(fixture))));
        assertEquals(0, evaluate(compiled, cpu(83)).size());
        List<Finding> findings = evaluate(compiled, cpu(86));
        assertEquals(1, findings.size());
        assertEquals(Double.valueOf(85), findings.get(0).threshold());
        assertEquals("EC2 CPU 86.0% on i-1 is above the 85% threshold", findings.get(0).message());
    }

    @Test
    void theShippedCsvTableSavedAsExcelsCsvUtf8CompilesToTheSameRules() throws IOException {
        RuleFile shipped = new RuleFile("savings.drl.csv", Files.readAllBytes(Path.of("rules/aws-usage/savings.drl.csv")));
        RuleFile saved = new RuleFile("savings.drl.csv", Files.readAllBytes(FIXTURES.resolve("excel-bom.drl.csv")));

        Map<String, Integer> rows = rulesAndRows(compiler.compile("t", List.of(shipped)));
        assertFalse(rows.isEmpty());
        assertEquals(rows, rulesAndRows(compiler.compile("t", List.of(saved))));
    }

    @Test
    void aCsvTableSeparatedBySemicolonsIsRefusedSayingSo() throws IOException {
        RuleFile saved = new RuleFile("savings.drl.csv", Files.readAllBytes(FIXTURES.resolve("excel-semicolon.drl.csv")));

        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class, () -> compiler.compile("t", List.of(saved)));

        assertEquals("savings.drl.csv", e.problems().get(0).file());
        assertTrue(e.problems().get(0).reason().startsWith("the cells of this CSV file are separated by ';'"), e.problems()::toString);
    }

    private static Map<String, Integer> rulesAndRows(CompiledRuleSet compiled) {
        Map<String, Integer> rows = new TreeMap<>();
        compiled.rules().values().forEach(r -> rows.put(r.name(), r.row()));
        return rows;
    }

    /** The DRL that Drools generates from each row, keyed by rule name, from the table as the compiler sees it. */
    private static Map<String, String> rules(RuleFile file) {
        String drl = new SpreadsheetCompiler().compile(
                new ByteArrayInputStream(TableNormaliser.normalise(file).content()), InputType.XLS);
        Map<String, String> rules = new TreeMap<>();
        for (String block : drl.split("\n(?=// rule values at )")) {
            if (block.startsWith("// rule values at ")) {
                String name = block.substring(block.indexOf("rule \"") + 6, block.indexOf('"', block.indexOf("rule \"") + 6));
                rules.put(name, block.trim());
            }
        }
        assertTrue(rules.size() > 10, drl);
        return rules;
    }

    private static List<Finding> evaluate(CompiledRuleSet compiled, MetricSample... facts) {
        RuleSet rs = new RuleSet(compiled, 1, "test", Instant.now());
        FiringCapture capture = new FiringCapture(compiled);
        Findings findings = new Findings(compiled, "run", capture::currentSeq);
        Evaluator.evaluate(rs, List.of(facts), findings, capture);
        return findings.items();
    }

    private static MetricSample cpu(double value) {
        return new MetricSample("AWS/EC2", "CPUUtilization", "i-1", null, value, null);
    }

    private static RuleFile table(Path path) throws IOException {
        return new RuleFile("thresholds.drl.xlsx", Files.readAllBytes(path));
    }
}
