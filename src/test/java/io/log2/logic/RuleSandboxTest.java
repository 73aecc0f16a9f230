package io.log2.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.MetricSample;
import io.log2.logs.FiringCapture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every hostile rule file in {@code src/test/resources/rules/hostile} is refused when it compiles, with the file, the
 * line (or a table's row) and the reason its first line (or its Notes row) announces; rules that stay inside the
 * sandbox compile and run.
 */
class RuleSandboxTest {

    static final Path HOSTILE = Path.of("src/test/resources/rules/hostile");
    static final String TABLE = "thresholds.drl.xlsx";
    static final Pattern EXPECTED = Pattern.compile("refused at (line|row) (\\d+): ([^,\\n]+)");

    private final RuleSetCompiler compiler = new RuleSetCompiler(getClass().getClassLoader(), new AwsUsageAgent());

    static Stream<String> hostileFiles() throws IOException {
        try (Stream<Path> files = Files.list(HOSTILE)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void aHostileFileIsRefusedWithItsPlaceAndReason(String name) throws IOException {
        byte[] content = Files.readAllBytes(HOSTILE.resolve(name));
        Matcher expected = EXPECTED.matcher(new String(content, StandardCharsets.UTF_8));
        assertTrue(expected.find(), name + " says where and why it is refused");

        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class,
                () -> compiler.compile("aws-usage", List.of(new RuleFile(name, content))));
        RuleProblem first = e.problems().get(0);
        assertEquals(name, first.file());
        assertTrue(e.problems().stream().anyMatch(p -> p.reason().contains(expected.group(3).trim())), e.problems().toString());
        int at = Integer.parseInt(expected.group(2));
        assertEquals(at, expected.group(1).equals("line") ? first.line() : first.row(), e.problems().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"table-measure.drl.csv", "table-only-when.drl.csv", "table-kind.drl.csv"})
    void theSameTablesWithoutTheirHostileRowCompile(String name) throws IOException {
        List<String> lines = Files.readAllLines(HOSTILE.resolve(name));
        String benign = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n";
        CompiledRuleSet compiled = compiler.compile("aws-usage", List.of(new RuleFile(name, benign.getBytes(StandardCharsets.UTF_8))));
        assertEquals(1, compiled.rules().size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Only when | 4 | Runtime.getRuntime().availableProcessors() > 0 | Runtime (java.lang.Runtime) is not allowed",
            "Measure   | 5 | System.getenv().size()                         | System (java.lang.System) is not allowed",
            "Kind      | 7 | alert(kcontext, $f, $value, $threshold); System.exit(0); findings.alert | java.lang.System.exit is not allowed"})
    void aHostileCodeCellOfTheShippedTableIsRefusedWithItsRow(String column, int index, String code, String reason)
            throws IOException {
        List<RuleFile> files = new ArrayList<>(new RuleFolder(Path.of("rules/aws-usage")).read());
        RuleFile table = files.stream().filter(f -> f.name().equals(TABLE)).findFirst().orElseThrow();
        files.set(files.indexOf(table), new RuleFile(TABLE, withCell(table.content(), 10, index, code)));
        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class, () -> compiler.compile("aws-usage", files));
        assertEquals(TABLE, e.problems().get(0).file());
        assertEquals(11, e.problems().get(0).row(), column + " is in sheet row 11");
        assertTrue(e.problems().get(0).reason().contains(reason), e.problems().toString());
    }

    static byte[] withCell(byte[] xlsx, int row, int column, String text) throws IOException {
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            wb.getSheetAt(0).getRow(row).getCell(column).setCellValue(text);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void rulesInsideTheSandboxCompileAndRun() {
        String drl = String.join("\n",
                "package io.log2.rules.allowed",
                "import io.log2.agents.awsusage.MetricSample",
                "import java.util.*",
                "global io.log2.logic.Findings findings",
                "function double percent(double part, double whole) { return whole == 0 ? 0 : part * 100 / whole; }",
                "rule \"Busy\" @severity(\"low\") @category(\"performance\")",
                "when",
                "    $m : MetricSample( metric == \"CPUUtilization\", value > 95, resource.startsWith(\"i-\") )",
                "    $n : Number() from accumulate( MetricSample( resource == $m.resource(), $v : value ), sum($v) )",
                "    $all : List() from collect( MetricSample( resource == $m.resource() ) )",
                "    $t : Double() from accumulate( MetricSample( $w : value ), init( double t = 0; ), action( t += $w; ),",
                "                                   reverse( t -= $w; ), result( t ) )",
                "    eval( $n.doubleValue() > 0 && Math.abs($t) >= 0 )",
                "then",
                "    Map<String, Integer> counts = new TreeMap<>();",
                "    for (Object o : $all) { counts.merge(((MetricSample) o).resource(), 1, Integer::sum); }",
                "    StringBuilder label = new StringBuilder(String.format(\"%.1f%%\", percent($m.value(), 100)));",
                "    label.append(java.time.LocalDate.of(2026, 11, 20).plusDays(1)).append(kcontext.getRule().getName());",
                "    try { Integer.parseInt(label.toString()); } catch (NumberFormatException e) { label.setLength(0); }",
                "    java.util.function.Function<Double, Double> twice = x -> x * 2;",
                "    findings.alert(kcontext, $m, twice.apply($n.doubleValue()), counts.size());",
                "    insert(\"seen\");",
                "end");
        CompiledRuleSet compiled = compiler.compile("aws-usage", List.of(new RuleFile("allowed.drl", drl.getBytes(StandardCharsets.UTF_8))));
        RuleSet rules = new RuleSet(compiled, 1, "test", Instant.now());
        FiringCapture capture = new FiringCapture(compiled);
        Findings findings = new Findings(compiled, "run", capture::currentSeq);
        Evaluator.Evaluation evaluation = Evaluator.evaluate(rules, List.of(new MetricSample("AWS/EC2", "CPUUtilization",
                "i-1", null, 97, null)), findings, capture, RunLimits.DEFAULTS);
        assertFalse(evaluation.aborted(), evaluation.abortedBecause());
        assertEquals(1, findings.items().size());
        assertEquals(194.0, findings.items().get(0).value());
        assertNull(capture.firings().get(0).error());
    }

    /**
     * A function's text can end its method early (a Java string closed by a unicode escape) and give its class a
     * static initializer; a local class in a function may have one too. The engine compiles functions before it
     * builds the rules and evaluates constants in the rules while it builds them, so a rule that named such a class
     * ran its initializer inside the compiler, before any check of the compiled code.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "constraint     | 12 | | $m : MetricSample( value > of.value.TYPE.MAX_VALUE )",
            "short name     | 12 | | $m : MetricSample( value > TYPE.MAX_VALUE )",
            "from           | 13 | | $m : MetricSample() ;; $x : Object() from TYPE.MAX_VALUE",
            "salience       | 10 | `salience (of.value.TYPE.MAX_VALUE)` | $m : MetricSample()",
            "enabled        | 10 | `enabled (of.value.TYPE.MAX_VALUE > 0)` | $m : MetricSample()",
            "accumulate     | 13 | | $m : MetricSample() ;; $s : Number() from accumulate( MetricSample( $v : value ), sum( of.value.TYPE.MAX_VALUE ) )",
            "pattern type   | 13 | | $m : MetricSample() ;; TYPE()",
            "local class    | 12 | | $m : MetricSample( value > of.value.TYPE$1L.X )"})
    void aRuleCannotMakeTheCompilerRunCodeOfItsFunctions(String form, int line, String attribute, String when) {
        String property = "log2.sandbox.initialised." + form.replace(' ', '-');
        String initializer = "static { System.setProperty(\\u0022" + property + "\\u0022, \\u0022yes\\u0022); }";
        String drl = String.join("\n",
                "package of.value",
                "import io.log2.agents.awsusage.MetricSample",
                "global io.log2.logic.Findings findings",
                "function int tYPE() {",
                "    String s = \"\\u0022; return s.length(); } public static int MAX_VALUE = 1; " + initializer
                        + " public static int pad() { String t = \\u0022\";",
                "    class L { static int X = 1; " + initializer.replace("\\u0022", "\"") + " }",
                "    return L.X;",
                "}",
                "rule \"R\"",
                attribute == null ? "// no attribute" : attribute,
                "when",
                "    " + when.replace(";;", "\n   "),
                "then",
                "    findings.alert(kcontext, $m);",
                "end");
        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class,
                () -> compiler.compile("aws-usage", List.of(new RuleFile("function-class.drl", drl.getBytes(StandardCharsets.UTF_8)))));
        assertNull(System.getProperty(property), "the function's static initializer ran while the rules compiled");
        RuleProblem first = e.problems().get(0);
        assertTrue(first.reason().contains("names a class compiled from the rules' own code"), e.problems().toString());
        assertEquals(line, first.line(), e.problems().toString());
    }

    @Test
    void theShippedRulesCompile() {
        CompiledRuleSet compiled = compiler.compile("aws-usage", new RuleFolder(Path.of("rules/aws-usage")).read());
        assertNotNull(compiled.kieBase());
        assertTrue(compiled.rules().size() > 20);
    }
}
