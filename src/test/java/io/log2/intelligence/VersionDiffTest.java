package io.log2.intelligence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.logic.RuleFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.junit.jupiter.api.Test;

/** Two versions of the real aws-usage rules compared: a table row's cells, a new row, a DRL line, a file added. */
class VersionDiffTest {

    private static RuleFile file(String name) throws IOException {
        return new RuleFile(name, Files.readAllBytes(Path.of("rules/aws-usage", name)));
    }

    @Test
    void changedRowsAreComparedCellByCellAndTextFilesLineByLine() throws IOException {
        List<RuleFile> before = List.of(file("thresholds.drl.xlsx"), file("security.drl"));
        List<RuleFile> edited = TableEditor.apply(before, List.of(
                new RowChange(RowChange.Kind.CHANGE, "thresholds.drl.xlsx", "MetricThresholds", "MetricThresholds_11",
                        Map.of("Threshold", "85"), "fewer alerts"),
                new RowChange(RowChange.Kind.ADD, "thresholds.drl.xlsx", "MetricThresholds", "DiffRow_1",
                        Map.of("Rule", "Diff test metric", "Threshold", "50", "Namespace", "Log2/Diff", "Metric", "Nothing",
                                "Measure", "value", "Test", ">", "Kind", "alert", "Severity", "low", "Category", "resource",
                                "Message", "{value} above {threshold}"), "a new service")), "test", "here");
        String drl = Files.readString(Path.of("rules/aws-usage/security.drl"), StandardCharsets.UTF_8);
        List<RuleFile> after = List.of(edited.stream().filter(f -> f.name().endsWith(".xlsx")).findFirst().orElseThrow(),
                new RuleFile("security.drl", drl.replaceFirst("\n", "\n// reviewed\n").getBytes(StandardCharsets.UTF_8)),
                file("forecast.drl.csv"));

        List<VersionDiff.FileDiff> diff = VersionDiff.between(before, after);
        assertEquals(List.of("forecast.drl.csv", "security.drl", "thresholds.drl.xlsx"), diff.stream().map(VersionDiff.FileDiff::file).toList());
        assertEquals("added", diff.get(0).status());
        assertTrue(diff.get(0).text().stream().anyMatch(l -> l.startsWith("+") && l.contains("Forecast")), diff.get(0).text().toString());

        VersionDiff.FileDiff security = diff.get(1);
        assertEquals("changed", security.status());
        assertEquals(List.of("+// reviewed"), security.text().stream().filter(l -> l.startsWith("+") && !l.startsWith("+++")).toList());
        assertTrue(security.text().stream().noneMatch(l -> l.startsWith("-") && !l.startsWith("---")), "nothing removed");

        VersionDiff.FileDiff table = diff.get(2);
        assertEquals("changed", table.status());
        VersionDiff.RowDiff changed = table.rows().stream().filter(r -> r.rowId().equals("MetricThresholds_11")).findFirst().orElseThrow();
        assertEquals("changed", changed.status());
        assertTrue(changed.cells().contains(new VersionDiff.CellDiff("Threshold", "80", "85")), changed.cells().toString());
        VersionDiff.RowDiff added = table.rows().stream().filter(r -> r.rowId().equals("DiffRow_1")).findFirst().orElseThrow();
        assertEquals("added", added.status());
        assertTrue(added.cells().contains(new VersionDiff.CellDiff("Namespace", null, "Log2/Diff")), added.cells().toString());
        // every other row of the table is the same, and a file compared with itself is unchanged
        assertTrue(table.rows().stream().allMatch(r -> r.rowId().equals("MetricThresholds_11") || r.rowId().equals("DiffRow_1")
                || r.cells().stream().allMatch(c -> c.column().equals(TableEditor.PROVENANCE))), table.rows().toString());
        assertEquals("unchanged", VersionDiff.between(before, before).get(0).status());
    }

    /** A table without an Id column of two rows: latency above 200 (sheet row 9) and above {@code second} (row 10). */
    private static RuleFile unnamedTable(int second) throws IOException {
        return latencyTable(new String[] {"DESCRIPTION", "CONDITION", "ACTION"}, "Rule", "Very slow", second);
    }

    /**
     * The same readings in a table whose columns carry the short headers Drools also takes: "N" names each rule by
     * its cell as "NAME" does, "Cond" is a condition and "A" an action.
     */
    private static RuleFile shortHeaders(int second) throws IOException {
        return latencyTable(new String[] {"N", "Cond", "A"}, "Id", "VerySlow", second);
    }

    private static RuleFile latencyTable(String[] kinds, String firstLabel, String secondName, int second) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("Latency");
            row(sheet, 0, "RuleSet", "io.log2.rules.latency");
            row(sheet, 3, "RuleTable SlowReadings");
            row(sheet, 4, kinds);
            row(sheet, 5, "", "$r : Reading");
            row(sheet, 6, "", "latencyMs > $param", "findings.$param(kcontext, $r);");
            row(sheet, 7, firstLabel, "Latency above", "Kind");
            row(sheet, 8, "Slow", "200", "alert");
            row(sheet, 9, secondName, String.valueOf(second), "alert");
            book.write(out);
            return new RuleFile("latency.drl.xlsx", out.toByteArray());
        }
    }

    private static void row(Sheet sheet, int index, String... cells) {
        Row row = sheet.createRow(index);
        for (int i = 0; i < cells.length; i++) {
            row.createCell(i).setCellValue(cells[i]);
        }
    }

    @Test
    void rowsOfATableWithoutAnIdColumnAreComparedUnderTheNamesDroolsGivesThem() throws IOException {
        RuleFile before = unnamedTable(500);
        RuleFile after = unnamedTable(800);

        VersionDiff.FileDiff table = VersionDiff.between(List.of(before), List.of(after)).get(0);

        assertEquals("changed", table.status());
        assertEquals(List.of(new VersionDiff.RowDiff("SlowReadings", "SlowReadings_10", "changed",
                List.of(new VersionDiff.CellDiff("Latency above", "500", "800")))), table.rows());
        // the name is the one the compiled rule carries, so a firing's rule leads to its row in the diff
        String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(after.content()), InputType.XLS);
        assertTrue(drl.contains("rule \"SlowReadings_10\""), drl);
        assertEquals(List.of(), VersionDiff.between(List.of(before), List.of(unnamedTable(500))).get(0).rows());
    }

    @Test
    void columnsAreTakenByTheHeadersDroolsTakesShortOnesIncluded() throws IOException {
        RuleFile after = shortHeaders(800);

        VersionDiff.FileDiff table = VersionDiff.between(List.of(shortHeaders(500)), List.of(after)).get(0);

        assertEquals(List.of(new VersionDiff.RowDiff("SlowReadings", "VerySlow", "changed",
                List.of(new VersionDiff.CellDiff("Latency above", "500", "800")))), table.rows());
        String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(after.content()), InputType.XLS);
        assertTrue(drl.contains("rule \"VerySlow\""), drl);
        // the row's condition is read from the "Cond" column, so a learner sees the threshold it compares with
        assertEquals("latencyMs > $param", TableRowIndex.of(List.of(after)).conditions("VerySlow").get(0).code());
    }

    @Test
    void rowsAreListedInTheOrderOfTheNumbersTheirNamesEndWith() {
        List<String> ids = new java.util.ArrayList<>(List.of("Costs_10", "Costs_9", "Alerts_2", "Costs_100", "Costs", "Costs_1a"));
        ids.sort(VersionDiff.ROW_ORDER);
        assertEquals(List.of("Alerts_2", "Costs", "Costs_9", "Costs_10", "Costs_100", "Costs_1a"), ids);
    }
}
