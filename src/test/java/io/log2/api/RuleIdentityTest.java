package io.log2.api;

import static io.log2.support.Sheets.copyRow;
import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.logic.RuleFolder;
import io.log2.logic.RuleSetService;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A decision-table rule keeps its id when rows are inserted above it, sorted or uploaded: its findings and
 * firings keep one name across versions, while {@code row} says where the rule is in each version. New rows
 * get ids written into the user's file. Each test puts the shipped rules back.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class RuleIdentityTest {

    private static final String TABLE = "thresholds.drl.xlsx";
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Column L: the Id column of MetricThresholds, whose rows are sheet rows 11 to 18. */
    private static final int ID = 11;
    private static final Pattern NEW_ID = Pattern.compile("MetricThresholds_(\\d+)");

    @Inject
    RuleSetService rules;

    private Path folder;
    private byte[] shippedTable;

    @BeforeEach
    void rememberShippedRules() throws IOException {
        folder = RulesFolderResource.rulesDir().resolve("aws-usage");
        shippedTable = Files.readAllBytes(Path.of("rules/aws-usage", TABLE));
        activateFolder();
    }

    @AfterEach
    void restoreShippedRules() throws IOException {
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) {
                if (!Files.exists(Path.of("rules/aws-usage").resolve(p.getFileName()))) {
                    Files.delete(p);
                }
            }
        }
        RulesFolderResource.copy(Path.of("rules/aws-usage"), folder);
        activateFolder();
        assertEquals(RuleFolder.contentHash(new RuleFolder(Path.of("rules/aws-usage")).read()),
                rules.active("aws-usage").contentHash(), "the shipped rules are active again");
    }

    /** Two scans activate what the folder holds now, whether or not the watcher's scans come in between. */
    private void activateFolder() {
        rules.scan();
        rules.scan();
    }

    @Test
    void aRowInsertedAboveTheCpuRuleGetsANewIdAndTheCpuRuleKeepsItsIdAcrossVersions() throws IOException {
        String resource = "i-ids-" + System.nanoTime();
        JsonPath before = runCpu(resource, 98.0);
        int oldVersion = before.getInt("version");
        assertEquals("MetricThresholds_11", before.getString("findings[0].rule"));
        assertEquals(11, before.getInt("findings[0].row"));

        // A person inserts a row above the EC2 CPU row for a critical threshold, leaving its Id empty.
        byte[] inserted = edit(shippedTable, wb -> {
            Sheet sheet = wb.getSheetAt(0);
            sheet.shiftRows(10, sheet.getLastRowNum(), 1);
            copyRow(sheet, 11, 10);
            sheet.getRow(10).getCell(0).setCellValue("EC2 CPU utilisation, critical");
            sheet.getRow(10).getCell(1).setCellValue(97);
            sheet.getRow(10).getCell(8).setCellValue("critical");
            sheet.getRow(10).removeCell(sheet.getRow(10).getCell(ID));
        });
        Files.write(folder.resolve(TABLE), inserted);
        await().atMost(WAIT).until(() -> activeVersion() > oldVersion);
        int newVersion = activeVersion();

        JsonPath after = runCpu(resource, 98.0);
        assertEquals(newVersion, after.getInt("version"));
        Map<String, Integer> rowsByRule = rowsByRule(after);
        assertEquals(2, rowsByRule.size(), rowsByRule.toString());
        assertEquals(Integer.valueOf(12), rowsByRule.remove("MetricThresholds_11"), "the CPU rule keeps its id, its row is the new one");
        String newId = rowsByRule.keySet().iterator().next();
        Matcher m = NEW_ID.matcher(newId);
        assertTrue(m.matches() && Integer.parseInt(m.group(1)) > 18, "a new id, never a shipped one: " + newId);
        assertEquals(Integer.valueOf(11), rowsByRule.get(newId));

        // The id is written into the user's file, in the new row's Id cell, and nothing else changes.
        await().atMost(WAIT).until(() -> newId.equals(idInFolder(10)));
        assertEquals("MetricThresholds_11", idInFolder(11));
        rules.scan();
        rules.scan();
        assertEquals(newVersion, activeVersion(), "writing the ids back makes no further version");
        Api.viewer().get("/api/agents/aws-usage/versions/" + newVersion + "/files/" + TABLE).then().statusCode(200);

        // The audit finds the CPU rule's firings of both versions under the one id, each with its row.
        JsonPath firings = Api.viewer().queryParam("rule", "MetricThresholds_11").queryParam("resource", resource)
                .get("/api/firings").then().statusCode(200).body("items", hasSize(2)).extract().jsonPath();
        assertEquals(List.of(newVersion, oldVersion), firings.getList("items.version", Integer.class));
        assertEquals(List.of(12, 11), firings.getList("items.row", Integer.class));
        Api.viewer().queryParam("rule", newId).queryParam("resource", resource).get("/api/firings").then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].row", equalTo(11))
                .body("items[0].version", equalTo(newVersion));
    }

    @Test
    void sortingTheRowsKeepsEveryRuleItsId() throws IOException {
        int oldVersion = activeVersion();
        byte[] sorted = edit(shippedTable, wb -> {
            Sheet sheet = wb.getSheetAt(0);
            List<List<Object>> rows = new ArrayList<>();
            for (int r = 10; r <= 17; r++) {
                rows.add(values(sheet.getRow(r)));
            }
            for (int r = 10; r <= 17; r++) {
                setValues(sheet.getRow(r), rows.get(17 - r)); // the last row first
            }
        });
        Files.write(folder.resolve(TABLE), sorted);
        await().atMost(WAIT).until(() -> activeVersion() > oldVersion);

        JsonPath cpu = runCpu("i-sorted", 93.0);
        assertEquals("MetricThresholds_11", cpu.getString("findings[0].rule"));
        assertEquals(18, cpu.getInt("findings[0].row"));
        assertEquals("EC2 CPU 93.0% on i-sorted is above the 80% threshold", cpu.getString("findings[0].message"));
        JsonPath latency = runOf("{\"type\":\"MetricSample\",\"namespace\":\"AWS/ApiGateway\",\"metric\":\"Latency\","
                + "\"resource\":\"api-sorted\",\"value\":1500}");
        assertEquals("MetricThresholds_15", latency.getString("findings[0].rule"));
        assertEquals(14, latency.getInt("findings[0].row"));
        assertArrayEquals(sorted, Files.readAllBytes(folder.resolve(TABLE)), "every row had its id: the file is left alone");
    }

    @Test
    void anUploadGetsIdsForItsNewRowsAndDuplicateOrMalformedIdsAreRefusedWithTheirRow() throws IOException {
        int active = activeVersion();
        byte[] duplicate = edit(shippedTable, wb -> wb.getSheetAt(0).getRow(13).getCell(ID).setCellValue("MetricThresholds_11"));
        Api.editor().contentType("application/octet-stream").body(duplicate).put("/api/agents/aws-usage/files/" + TABLE)
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].file", equalTo(TABLE))
                .body("errors[0].row", equalTo(14))
                .body("errors[0].reason", containsString("'MetricThresholds_11' is also the id of row 11"));
        byte[] malformed = edit(shippedTable, wb -> wb.getSheetAt(0).getRow(15).getCell(ID).setCellValue("error rate"));
        Api.editor().contentType("application/octet-stream").body(malformed).put("/api/agents/aws-usage/files/" + TABLE)
                .then().statusCode(422)
                .body("errors[0].row", equalTo(16))
                .body("errors[0].reason", containsString("'error rate' is not a rule id"));
        assertEquals(active, activeVersion());
        assertArrayEquals(shippedTable, Files.readAllBytes(folder.resolve(TABLE)));

        byte[] added = edit(shippedTable, wb -> {
            Sheet sheet = wb.getSheetAt(0);
            copyRow(sheet, 10, 18);
            sheet.getRow(18).getCell(1).setCellValue(95);
            sheet.getRow(18).removeCell(sheet.getRow(18).getCell(ID));
        });
        int version = Api.editor().contentType("application/octet-stream").body(added)
                .put("/api/agents/aws-usage/files/" + TABLE).then().statusCode(200).extract().jsonPath().getInt("version");
        String newId = idIn(Files.readAllBytes(folder.resolve(TABLE)), 18);
        assertNotNull(newId, "the uploaded file is stored with the new row's id");
        assertTrue(NEW_ID.matcher(newId).matches() && !Set.of("MetricThresholds_11", "MetricThresholds_18").contains(newId), newId);
        byte[] stored = Api.viewer().get("/api/agents/aws-usage/versions/" + version + "/files/" + TABLE).then()
                .statusCode(200).extract().asByteArray();
        assertEquals(newId, idIn(stored, 18), "the version's file is the one with the id");
        JsonPath critical = runCpu("i-upload", 96.0);
        assertEquals(Set.of("MetricThresholds_11", newId), Set.copyOf(critical.getList("findings.rule", String.class)));
    }

    @Test
    void anIdIsNeverGivenAgainOnceItsRowIsDeleted() throws IOException {
        String first = uploadWithNewRow(95);
        Api.editor().contentType("application/octet-stream").body(shippedTable).put("/api/agents/aws-usage/files/" + TABLE)
                .then().statusCode(200);
        String second = uploadWithNewRow(96);
        int a = number(first);
        int b = number(second);
        assertTrue(b > a, "the deleted row's id " + first + " is not given to the new row, which got " + second);
    }

    private String uploadWithNewRow(double threshold) throws IOException {
        byte[] added = edit(shippedTable, wb -> {
            Sheet sheet = wb.getSheetAt(0);
            copyRow(sheet, 10, 18);
            sheet.getRow(18).getCell(1).setCellValue(threshold);
            sheet.getRow(18).removeCell(sheet.getRow(18).getCell(ID));
        });
        Api.editor().contentType("application/octet-stream").body(added).put("/api/agents/aws-usage/files/" + TABLE)
                .then().statusCode(200);
        return idInFolder(18);
    }

    private static int number(String id) {
        Matcher m = NEW_ID.matcher(id);
        assertTrue(m.matches(), id);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void csvTablesGetIdsTooAndKeepThemWhenARowIsInsertedAbove() throws IOException {
        Api.editor().contentType("application/octet-stream")
                .body(queueTable("Queue depth, 100, QueueDepth, alert, QueueThresholds_9", "Queue age, 600, OldestMessageAge, alert,"))
                .put("/api/agents/aws-usage/files/queues.drl.csv").then().statusCode(200);
        String stored = Files.readString(folder.resolve("queues.drl.csv"));
        Matcher m = Pattern.compile("\nQueue age, 600, OldestMessageAge, alert,(QueueThresholds_\\d+)\n").matcher(stored);
        assertTrue(m.find(), stored);
        String ageId = m.group(1);
        assertTrue(!ageId.equals("QueueThresholds_9"), ageId);
        JsonPath age = runQueue("OldestMessageAge", 900);
        assertEquals(ageId, age.getString("findings[0].rule"));
        assertEquals(10, age.getInt("findings[0].row"));

        // The table edited as text in the folder: a row inserted at the top without an id; the others keep theirs.
        Files.write(folder.resolve("queues.drl.csv"), queueTable("Queue depth high, 1000, QueueDepth, alert,",
                "Queue depth, 100, QueueDepth, alert, QueueThresholds_9", "Queue age, 600, OldestMessageAge, alert," + ageId));
        await().atMost(WAIT).until(() -> runQueue("OldestMessageAge", 900).getInt("findings[0].row") == 11);
        assertEquals(ageId, runQueue("OldestMessageAge", 900).getString("findings[0].rule"));
        Map<String, Integer> rows = rowsByRule(runQueue("QueueDepth", 5000));
        assertEquals(Integer.valueOf(10), rows.remove("QueueThresholds_9"));
        assertEquals(1, rows.size(), rows.toString());
        String topId = rows.keySet().iterator().next();
        assertEquals(Integer.valueOf(9), rows.get(topId));
        await().atMost(WAIT).until(() -> Files.readString(folder.resolve("queues.drl.csv"))
                .contains("\nQueue depth high, 1000, QueueDepth, alert," + topId + "\n"));
    }

    /** A CSV table QueueThresholds in a package of its own: rows from line 9; columns Rule, Threshold, Metric, Kind, Id. */
    private static byte[] queueTable(String... rows) {
        return (String.join("\n",
                "RuleSet,io.log2.rules.queues",
                "Import,io.log2.agents.awsusage.MetricSample",
                "Variables,io.log2.logic.Findings findings",
                "RuleTable QueueThresholds",
                "DESCRIPTION,CONDITION,CONDITION,ACTION,NAME",
                ",,$f : MetricSample,,",
                ",$threshold : Double() from Double.valueOf($param),\"namespace == \"\"Custom/Queues\"\", metric == \"\"$param\"\", value > $threshold\","
                        + "\"findings.$param(kcontext, $f, $f.value(), $threshold);\",",
                "Rule,Threshold,Metric,Kind,Id") + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Integer> rowsByRule(JsonPath run) {
        Map<String, Integer> rows = new HashMap<>();
        for (int i = 0; i < run.getList("findings").size(); i++) {
            rows.put(run.getString("findings[" + i + "].rule"), run.getInt("findings[" + i + "].row"));
        }
        return rows;
    }

    private static JsonPath runQueue(String metric, double value) {
        return runOf("{\"type\":\"MetricSample\",\"namespace\":\"Custom/Queues\",\"metric\":\"" + metric
                + "\",\"resource\":\"queue-1\",\"value\":" + value + "}");
    }

    private String idInFolder(int row) throws IOException {
        return idIn(Files.readAllBytes(folder.resolve(TABLE)), row);
    }

    private static String idIn(byte[] xlsx, int row) throws IOException {
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            Cell cell = wb.getSheetAt(0).getRow(row).getCell(ID);
            return cell == null || cell.getCellType() != CellType.STRING ? null : cell.getStringCellValue();
        }
    }

    private static List<Object> values(Row row) {
        List<Object> values = new ArrayList<>();
        for (int c = 0; c <= ID; c++) {
            Cell cell = row.getCell(c);
            values.add(cell == null ? null : cell.getCellType() == CellType.NUMERIC ? (Object) cell.getNumericCellValue()
                    : cell.getCellType() == CellType.STRING ? cell.getStringCellValue() : null);
        }
        return values;
    }

    private static void setValues(Row row, List<Object> values) {
        for (int c = 0; c < values.size(); c++) {
            Cell cell = row.getCell(c) != null ? row.getCell(c) : row.createCell(c);
            Object v = values.get(c);
            if (v instanceof Double d) {
                cell.setCellValue(d);
            } else if (v instanceof String s) {
                cell.setCellValue(s);
            } else {
                cell.setBlank();
            }
        }
    }

    private static byte[] edit(byte[] xlsx, Consumer<Workbook> change) throws IOException {
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            change.accept(wb);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    private static JsonPath runCpu(String resource, double value) {
        return runOf(ec2Cpu(resource, value));
    }

    private static JsonPath runOf(String fact) {
        return Api.editor().contentType("application/json").body(run(fact))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath agent() {
        return Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath();
    }

    private static int activeVersion() {
        return agent().getInt("activeVersion.version");
    }
}
