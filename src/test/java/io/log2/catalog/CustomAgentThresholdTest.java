package io.log2.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.intelligence.NumericFields;
import io.log2.intelligence.RowThreshold;
import io.log2.intelligence.TableRowIndex;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.DeclaredAgent;
import io.log2.logic.RuleFile;
import io.log2.logic.RuleFolder;
import io.log2.logic.RuleSetCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a table row's threshold is, read from the compiled rules of an agent whose fact type is declared in DRL. */
class CustomAgentThresholdTest {

    private static CompiledRuleSet compiled(List<RuleFile> files) {
        return new RuleSetCompiler(CustomAgentThresholdTest.class.getClassLoader(), new DeclaredAgent("latency"))
                .compile("latency", files);
    }

    private static Optional<RowThreshold> threshold(TableRowIndex index, String row, NumericFields fields) {
        return RowThreshold.of(index.row(row).orElseThrow(), index.conditions(row), fields);
    }

    @Test
    void aConditionOnADeclaredNumericFieldIsTheRowsThreshold() throws Exception {
        List<RuleFile> files = List.of(new RuleFile("rules.drl", CustomAgentLearningTest.READINGS_DRL.getBytes(StandardCharsets.UTF_8)),
                new RuleFile("latency.drl.xlsx", CustomAgentLearningTest.latencyTable()));
        CompiledRuleSet compiled = compiled(files);
        NumericFields fields = NumericFields.of(new DeclaredAgent("latency"), compiled);
        assertTrue(fields.has("Reading", "latencyMs"));
        assertFalse(fields.has("Reading", "service"), "a String is no measure");
        assertFalse(fields.has("Reading", "resource"));
        assertFalse(fields.has("Order", "latencyMs"), "a type the rules do not declare");

        TableRowIndex index = TableRowIndex.of(compiled.files());
        assertEquals(List.of(new TableRowIndex.Condition("Latency above", "$r : Reading", "latencyMs > $param")),
                index.conditions("SlowReadings_9"));
        assertEquals(Optional.of(new RowThreshold("Latency above", ">", "Reading", "latencyMs")),
                threshold(index, "SlowReadings_9", fields));
    }

    @Test
    void theShippedTablesKeepTheirThresholdAndTestCellsAndAnAgentWithoutTheFieldHasNoThreshold() throws Exception {
        // the aws-usage thresholds table: "$value $param $threshold" in the Test column, the Threshold cell beside it
        List<RuleFile> shipped = new RuleFolder(Path.of("rules/aws-usage")).read().stream()
                .filter(f -> f.name().equals("thresholds.drl.xlsx")).toList();
        TableRowIndex index = TableRowIndex.of(shipped);
        String row = index.all().values().stream().filter(r -> ">".equals(r.cells().get("Test")))
                .map(TableRowIndex.TableRow::rowId).sorted().findFirst().orElseThrow();
        String test = ">";
        CompiledRuleSet readings = compiled(List.of(new RuleFile("rules.drl",
                CustomAgentLearningTest.READINGS_DRL.getBytes(StandardCharsets.UTF_8))));
        NumericFields fields = NumericFields.of(new DeclaredAgent("latency"), readings);
        assertEquals(Optional.of(new RowThreshold("Threshold", test, null, null)), threshold(index, row, fields));

        // the latency table read against a rule set that declares no Reading: its condition tests no known number
        TableRowIndex latency = TableRowIndex.of(List.of(new RuleFile("latency.drl.xlsx", CustomAgentLearningTest.latencyTable())));
        NumericFields none = NumericFields.of(new DeclaredAgent("other"), compiled(List.of(new RuleFile("rules.drl",
                CustomAgentLearningTest.READINGS_DRL.replace("latencyMs : double", "latencyMs : String")
                        .getBytes(StandardCharsets.UTF_8)))));
        assertEquals(Optional.empty(), threshold(latency, "SlowReadings_9", none));
    }
}
