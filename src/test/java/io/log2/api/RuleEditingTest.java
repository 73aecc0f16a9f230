package io.log2.api;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user edits the rules: a spreadsheet saved with a new threshold, a broken DRL or spreadsheet saved,
 * uploads through the API. Each test puts the shipped rules back and waits for them to be active again.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class RuleEditingTest {

    private static final String TABLE = "thresholds.drl.xlsx";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private Path folder;
    private byte[] shippedTable;

    @BeforeEach
    void rememberShippedRules() throws IOException {
        folder = RulesFolderResource.rulesDir().resolve("aws-usage");
        shippedTable = Files.readAllBytes(Path.of("rules/aws-usage", TABLE));
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
        await().atMost(WAIT).until(() -> activeThreshold() == 80.0 && agent().get("error") == null);
    }

    @Test
    void aSavedSpreadsheetEditIsActiveWithinSecondsAndOldFiringsKeepTheirVersion() throws IOException {
        JsonPath before = runCpu(83.0);
        int oldVersion = before.getInt("version");
        assertEquals(1, before.getList("findings").size());

        Files.write(folder.resolve(TABLE), withEc2Threshold(shippedTable, 85));

        await().atMost(WAIT).until(() -> activeVersion() > oldVersion);
        int newVersion = activeVersion();
        Api.viewer().get("/api/agents/aws-usage/versions").then().statusCode(200)
                .body("[0].version", equalTo(newVersion))
                .body("[0].source", equalTo("file-edit"))
                .body("[0].active", equalTo(true))
                .body("[0].createdAt", notNullValue())
                .body("[0].files", hasItem(TABLE))
                .body("version", hasItem(oldVersion));

        JsonPath silent = runCpu(83.0);
        assertEquals(newVersion, silent.getInt("version"));
        assertEquals(0, silent.getList("findings").size());
        JsonPath loud = runCpu(86.0);
        assertEquals(85.0, loud.getDouble("findings[0].threshold"));
        assertEquals("EC2 CPU 86.0% on i-edit is above the 85% threshold", loud.getString("findings[0].message"));

        Api.viewer().queryParam("run", before.getString("runId")).get("/api/firings").then()
                .body("items", hasSize(1)).body("items[0].version", equalTo(oldVersion));
        Api.viewer().queryParam("run", loud.getString("runId")).get("/api/firings").then()
                .body("items[0].version", equalTo(newVersion));
    }

    @Test
    void aBrokenDrlIsRefusedWithFileLineAndReasonAndTheRunningVersionStays() throws IOException {
        int active = activeVersion();
        Files.writeString(folder.resolve("broken.drl"), String.join("\n",
                "package io.log2.rules.awsusage",
                "import io.log2.agents.awsusage.MetricSample",
                "rule \"Broken\"",
                "when",
                "    $m : MetricSample( valeu > 3 )",
                "then",
                "end"));
        await().atMost(WAIT).until(() -> agent().get("error") != null);
        JsonPath agent = agent();
        assertEquals("broken.drl", agent.getString("error.problems[0].file"));
        assertEquals(5, agent.getInt("error.problems[0].line"));
        assertEquals(true, agent.getString("error.problems[0].reason").contains("valeu"));
        assertEquals(active, activeVersion());
        assertEquals(1, runCpu(93.0).getList("findings").size());
    }

    @Test
    void aBrokenSpreadsheetIsRefusedWithItsRow() throws IOException {
        int active = activeVersion();
        Files.write(folder.resolve(TABLE), withCell(shippedTable, 10, 6, ">>"));
        await().atMost(WAIT).until(() -> agent().get("error") != null);
        JsonPath agent = agent();
        assertEquals(TABLE, agent.getString("error.problems[0].file"));
        assertEquals(11, agent.getInt("error.problems[0].row"));
        assertEquals(active, activeVersion());
        assertEquals(1, runCpu(93.0).getList("findings").size());
    }

    @Test
    void uploadsAreCheckedBeforeAnythingIsActivated() throws IOException {
        int active = activeVersion();
        int versions = Api.viewer().get("/api/agents/aws-usage/versions").jsonPath().getList("$").size();

        Api.editor().contentType("application/octet-stream").body("rule \"x\" when then nonsense(".getBytes(StandardCharsets.UTF_8))
                .put("/api/agents/aws-usage/files/extra.drl").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].file", equalTo("extra.drl"))
                .body("errors[0].reason", notNullValue());
        Api.editor().contentType("application/octet-stream").body(new byte[] {0x50, 0x4b, 3, 4, 1, 2, 3})
                .put("/api/agents/aws-usage/files/" + TABLE).then().statusCode(422)
                .body("errors[0].file", equalTo(TABLE));
        Api.editor().contentType("application/octet-stream").body("x".getBytes(StandardCharsets.UTF_8))
                .put("/api/agents/aws-usage/files/notes.txt").then().statusCode(400).contentType("application/problem+json");
        Api.editor().contentType("application/octet-stream").body("x".getBytes(StandardCharsets.UTF_8))
                .put("/api/agents/nope/files/a.drl").then().statusCode(404);
        assertEquals(active, activeVersion());
        assertEquals(versions, Api.viewer().get("/api/agents/aws-usage/versions").jsonPath().getList("$").size());
        assertEquals(false, Files.exists(folder.resolve("extra.drl")));
        assertEquals(true, java.util.Arrays.equals(shippedTable, Files.readAllBytes(folder.resolve(TABLE))));

        JsonPath uploaded = Api.editor().contentType("application/octet-stream").body(withEc2Threshold(shippedTable, 90))
                .put("/api/agents/aws-usage/files/" + TABLE).then().statusCode(200)
                .body("source", equalTo("upload")).body("active", equalTo(true)).extract().jsonPath();
        assertEquals(activeVersion(), uploaded.getInt("version"));
        assertEquals(true, uploaded.getInt("version") > active);
        assertEquals(0, runCpu(89.0).getList("findings").size());
        assertEquals(90.0, runCpu(91.0).getDouble("findings[0].threshold"));
        Api.viewer().get("/api/agents/aws-usage/versions/" + uploaded.getInt("version") + "/files/" + TABLE)
                .then().statusCode(200);
    }

    private static JsonPath runCpu(double value) {
        return Api.editor().contentType("application/json").body(run(ec2Cpu("i-edit", value)))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath agent() {
        return Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath();
    }

    private static int activeVersion() {
        return agent().getInt("activeVersion.version");
    }

    private static double activeThreshold() {
        return runCpu(99.0).getDouble("findings[0].threshold");
    }

    /** The EC2 CPU threshold is in sheet row 11, column B, as a person sees it in a spreadsheet program. */
    static byte[] withEc2Threshold(byte[] xlsx, double threshold) throws IOException {
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            wb.getSheetAt(0).getRow(10).getCell(1).setCellValue(threshold);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    static byte[] withCell(byte[] xlsx, int row, int column, String text) throws IOException {
        try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            wb.getSheetAt(0).getRow(row).getCell(column).setCellValue(text);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }
}
