package io.log2.logic;

import static io.log2.support.Sheets.copyRow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.AwsUsageAgent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.ss.usermodel.Drawing;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule ids of decision-table rows: checked, filled in where empty, written back without touching anything else. */
class RuleIdsTest {

    private static final Path SHIPPED = Path.of("rules/aws-usage/thresholds.drl.xlsx");
    private static final String TABLE = "thresholds.drl.xlsx";
    /** Column L, the Id column of MetricThresholds (0-based 11). */
    private static final int ID = 11;

    private final RuleSetCompiler compiler = new RuleSetCompiler(getClass().getClassLoader(), new AwsUsageAgent());

    @Test
    void theShippedTableHasAnIdInEveryRowAndIsLeftAsItIs() throws IOException {
        List<RuleFile> files = List.of(shipped());
        assertSame(files, RuleIds.fillIn("t", files, List::of, () -> {
            throw new AssertionError("no id is needed, so the history is not read");
        }));
    }

    @Test
    void aNewRowGetsAnIdNoRuleEverHadWrittenIntoItsCellAndNothingElseChanges() throws IOException {
        byte[] edited = edit(shipped().content(), wb -> {
            Sheet sheet = wb.getSheetAt(0);
            copyRow(sheet, 10, 18); // a new rule in row 19, after the last MetricThresholds row
            sheet.getRow(18).getCell(1).setCellValue(95);
            sheet.getRow(18).removeCell(sheet.getRow(18).getCell(ID));
            Drawing<?> drawing = sheet.createDrawingPatriarch();
            ClientAnchor anchor = wb.getCreationHelper().createClientAnchor();
            anchor.setRow1(10);
            anchor.setCol1(1);
            Comment comment = drawing.createCellComment(anchor);
            comment.setString(wb.getCreationHelper().createRichTextString("raised from 75 after the March review"));
            sheet.getRow(10).getCell(1).setCellComment(comment);
            wb.createSheet("Review notes").createRow(0).createCell(0).setCellValue("keep me");
        });
        // MetricThresholds_23 was the id of a row deleted in an earlier version: it is not given again.
        List<RuleFile> filled = RuleIds.fillIn("t", List.of(new RuleFile(TABLE, edited)), List::of,
                () -> Set.of("MetricThresholds_11", "MetricThresholds_23"));

        try (Workbook before = read(edited); Workbook after = read(filled.get(0).content())) {
            Sheet a = after.getSheetAt(0);
            assertEquals("MetricThresholds_24", a.getRow(18).getCell(ID).getStringCellValue());
            assertEquals(a.getRow(17).getCell(ID).getCellStyle().getIndex(), a.getRow(18).getCell(ID).getCellStyle().getIndex());
            assertEquals("raised from 75 after the March review",
                    a.getCellComment(new CellAddress(10, 1)).getString().getString());
            assertEquals("keep me", after.getSheet("Review notes").getRow(0).getCell(0).getStringCellValue());
            assertEquals(before.getSheetAt(0).getRow(10).getCell(1).getCellStyle().getFillForegroundColor(),
                    a.getRow(10).getCell(1).getCellStyle().getFillForegroundColor(), "the yellow threshold cell");
            assertEquals(5, a.getNumMergedRegions()); // the four pattern cells of the metric, cost and tag tables, and the learned table's
            assertEquals(before.getSheetAt(0).getColumnWidth(10), a.getColumnWidth(10));
            assertEquals(cells(before.getSheetAt(0), 18, ID), cells(a, 18, ID), "every other cell as it was");
        }
        CompiledRuleSet compiled = compiler.compile("t", filled);
        RuleInfo added = rule(compiled, "MetricThresholds_24");
        assertEquals(Integer.valueOf(19), added.row());
        assertEquals(Integer.valueOf(11), rule(compiled, "MetricThresholds_11").row());
    }

    @Test
    void duplicateAndMalformedIdsAreRefusedNamingTheRow() throws IOException {
        RuleSetRejectedException duplicate = assertThrows(RuleSetRejectedException.class, () -> RuleIds.fillIn("t",
                List.of(new RuleFile(TABLE, edit(shipped().content(),
                        wb -> wb.getSheetAt(0).getRow(13).getCell(ID).setCellValue("MetricThresholds_11")))),
                List::of, Set::of));
        assertEquals(1, duplicate.problems().size());
        RuleProblem p = duplicate.problems().get(0);
        assertEquals(TABLE, p.file());
        assertEquals(Integer.valueOf(14), p.row());
        assertTrue(p.reason().contains("'MetricThresholds_11' is also the id of row 11"), p.reason());

        RuleSetRejectedException malformed = assertThrows(RuleSetRejectedException.class, () -> RuleIds.fillIn("t",
                List.of(new RuleFile(TABLE, edit(shipped().content(), wb -> {
                    wb.getSheetAt(0).getRow(12).getCell(ID).setCellValue("cpu \"high\"");
                    wb.getSheetAt(0).getRow(25).getCell(9).setCellValue(42);
                }))), List::of, Set::of));
        assertEquals(List.of(13, 26), malformed.problems().stream().map(RuleProblem::row).toList());
        assertTrue(malformed.problems().get(0).reason().contains("'cpu \"high\"' is not a rule id"), malformed.problems().get(0).reason());
        assertTrue(malformed.problems().get(1).reason().contains("'42' is not a rule id"), malformed.problems().get(1).reason());

        RuleSetRejectedException acrossFiles = assertThrows(RuleSetRejectedException.class, () -> RuleIds.fillIn("t",
                List.of(shipped(), csv("extra.drl.csv", "\n", "Cpu, 95, CPUUtilization, MetricThresholds_12")), List::of, Set::of));
        assertEquals("extra.drl.csv", acrossFiles.problems().get(0).file());
        assertEquals(Integer.valueOf(9), acrossFiles.problems().get(0).row());
        assertTrue(acrossFiles.problems().get(0).reason().contains("the id of row 12 of " + TABLE), acrossFiles.problems().get(0).reason());
    }

    @Test
    void aRowThatLostItsIdGetsItBackFromThePreviousVersion() throws IOException {
        RuleFile previous = shipped();
        RuleFile resaved = new RuleFile(TABLE, edit(previous.content(), wb -> wb.getSheetAt(0).getRow(12).getCell(ID).setBlank()));
        List<RuleFile> filled = RuleIds.fillIn("t", List.of(resaved), () -> List.of(previous), () -> Set.of("MetricThresholds_13"));
        assertEquals("MetricThresholds_13", idAt(filled.get(0), 12));

        RuleFile changed = new RuleFile(TABLE, edit(resaved.content(), wb -> wb.getSheetAt(0).getRow(12).getCell(1).setCellValue(5)));
        filled = RuleIds.fillIn("t", List.of(changed), () -> List.of(previous), () -> Set.of("MetricThresholds_13"));
        assertEquals("MetricThresholds_19", idAt(filled.get(0), 12), "a changed row is a new rule to the service");
    }

    @Test
    void aCsvTableGetsIdsInItsOwnLinesOnlyAndKeepsThemWhenRowsMove() {
        RuleFile csv = csv("cpu.drl.csv", "\r\n",
                "EC2 CPU, 80, CPUUtilization, CpuThresholds_9",
                "\"CPU, critical\", 95, CPUUtilization,",
                "Lambda, 800000, Invocations");
        List<RuleFile> filled = RuleIds.fillIn("t", List.of(csv), List::of, Set::of);
        String[] before = text(csv).split("\r\n", -1);
        String[] after = text(filled.get(0)).split("\r\n", -1);
        assertEquals(before.length, after.length, "line ends stay \\r\\n");
        for (int i = 0; i < before.length; i++) {
            if (i != 9 && i != 10) {
                assertEquals(before[i], after[i], "line " + (i + 1));
            }
        }
        assertEquals("\"CPU, critical\", 95, CPUUtilization,CpuThresholds_10", after[9]);
        assertEquals("Lambda, 800000, Invocations,CpuThresholds_11", after[10]);
        assertSame(filled, RuleIds.fillIn("t", filled, List::of, Set::of), "nothing left to fill in");

        // A row inserted at the top and the rows sorted the other way round: every rule keeps its id.
        RuleFile moved = csv("cpu.drl.csv", "\n",
                "EC2 CPU low, 10, CPUUtilization, ",
                "Lambda, 800000, Invocations,CpuThresholds_11",
                "\"CPU, critical\", 95, CPUUtilization,CpuThresholds_10",
                "EC2 CPU, 80, CPUUtilization, CpuThresholds_9");
        List<RuleFile> refilled = RuleIds.fillIn("t", List.of(moved), () -> filled, () -> Set.of("CpuThresholds_9",
                "CpuThresholds_10", "CpuThresholds_11"));
        CompiledRuleSet compiled = compiler.compile("t", refilled);
        assertEquals(Integer.valueOf(9), rule(compiled, "CpuThresholds_12").row());
        assertEquals(Integer.valueOf(10), rule(compiled, "CpuThresholds_11").row());
        assertEquals(Integer.valueOf(11), rule(compiled, "CpuThresholds_10").row());
        assertEquals(Integer.valueOf(12), rule(compiled, "CpuThresholds_9").row());
    }

    @Test
    void aNewlyAddedIdColumnGivesEachRowTheNameItHasHadSoFar() {
        RuleFile csv = csv("cpu.drl.csv", "\n", "EC2 CPU, 80, CPUUtilization,", "Lambda, 800000, Invocations,");
        List<RuleFile> filled = RuleIds.fillIn("t", List.of(csv), List::of, () -> Set.of("CpuThresholds_9", "CpuThresholds_10"));
        assertTrue(text(filled.get(0)).contains("EC2 CPU, 80, CPUUtilization,CpuThresholds_9\n"), text(filled.get(0)));
        assertTrue(text(filled.get(0)).contains("Lambda, 800000, Invocations,CpuThresholds_10\n"), text(filled.get(0)));
    }

    @Test
    void aTableWithoutAnIdColumnKeepsDroolsRowNames() {
        String noIds = text(csv("cpu.drl.csv", "\n", "EC2 CPU, 80, CPUUtilization")).replace(",NAME", "").replace(",Id", "");
        RuleFile file = new RuleFile("cpu.drl.csv", noIds.getBytes(StandardCharsets.UTF_8));
        assertSame(file, RuleIds.fillIn("t", List.of(file), List::of, Set::of).get(0));
        assertNotNull(rule(compiler.compile("t", List.of(file)), "CpuThresholds_9"));
    }

    @Test
    void idsAreWrittenBackOnlyIntoAFileThatWasNotSavedAgainMeanwhile(@TempDir Path dir) throws IOException {
        RuleFolder folder = new RuleFolder(dir);
        Files.write(dir.resolve("cpu.drl.csv"), csv("cpu.drl.csv", "\n", "EC2 CPU, 80, CPUUtilization,CpuThresholds_9",
                "Lambda, 800000, Invocations,").content());
        List<RuleFile> read = folder.read();
        List<RuleFile> filled = RuleIds.fillIn("t", read, List::of, Set::of);
        RuleIds.writeBack(folder, read, filled);
        assertArrayEquals(filled.get(0).content(), Files.readAllBytes(dir.resolve("cpu.drl.csv")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("cpu.drl.csv")), files.toList(), "no temporary file left behind");
        }

        byte[] newer = csv("cpu.drl.csv", "\n", "EC2 CPU, 85, CPUUtilization,CpuThresholds_9").content();
        Files.write(dir.resolve("cpu.drl.csv"), newer);
        RuleIds.writeBack(folder, read, filled);
        assertArrayEquals(newer, Files.readAllBytes(dir.resolve("cpu.drl.csv")), "a newer save is never overwritten");
    }

    /** A CSV table CpuThresholds (header in line 4, rows from line 9) with Description, Threshold, Metric and Id columns. */
    private static RuleFile csv(String name, String newline, String... rows) {
        StringBuilder text = new StringBuilder(String.join(newline,
                "RuleSet,io.log2.rules.csv",
                "Import,io.log2.agents.awsusage.MetricSample",
                "Variables,io.log2.logic.Findings findings",
                "RuleTable CpuThresholds",
                "DESCRIPTION,CONDITION,CONDITION,NAME",
                ",,$f : MetricSample,",
                ",$threshold : Double() from Double.valueOf($param),\"metric == \"\"$param\"\", value > $threshold\",",
                "Rule,Threshold,Metric,Id"));
        for (String row : rows) {
            text.append(newline).append(row);
        }
        return new RuleFile(name, text.append(newline).toString().getBytes(StandardCharsets.UTF_8));
    }

    private static RuleInfo rule(CompiledRuleSet compiled, String name) {
        return compiled.rules().values().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not among " + compiled.rules().values()));
    }

    private static String idAt(RuleFile file, int row) throws IOException {
        try (Workbook wb = read(file.content())) {
            return wb.getSheetAt(0).getRow(row).getCell(ID).getStringCellValue();
        }
    }

    private static Map<String, String> cells(Sheet sheet, int skipRow, int skipColumn) {
        Map<String, String> cells = new HashMap<>();
        for (Row row : sheet) {
            for (Cell cell : row) {
                if (row.getRowNum() != skipRow || cell.getColumnIndex() != skipColumn) {
                    cells.put(cell.getAddress().formatAsString(), cell.toString() + "|" + cell.getCellStyle().getIndex());
                }
            }
        }
        return cells;
    }

    private static RuleFile shipped() throws IOException {
        return new RuleFile(TABLE, Files.readAllBytes(SHIPPED));
    }

    private static String text(RuleFile file) {
        return new String(file.content(), StandardCharsets.UTF_8);
    }

    private static Workbook read(byte[] xlsx) throws IOException {
        return WorkbookFactory.create(new ByteArrayInputStream(xlsx));
    }

    private static byte[] edit(byte[] xlsx, Consumer<Workbook> change) throws IOException {
        try (Workbook wb = read(xlsx)) {
            change.accept(wb);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }
}
