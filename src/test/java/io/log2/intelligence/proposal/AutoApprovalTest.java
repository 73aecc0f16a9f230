package io.log2.intelligence.proposal;

import static io.log2.support.Facts.run;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.OwnDatabaseResource;
import io.log2.support.RulesFolderResource;
import io.log2.support.Sheets;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;

/**
 * Approval without a person ({@code log2.proposals.auto-approve}): a proposal whose backtest gains at least the bar of
 * precision against the labelled findings is approved by {@code system} and deployed by the process itself; one that
 * gains a little less waits for an approver. In the watch, alerts of the new version labelled noise beyond the
 * backtest's precision roll it back.
 */
@QuarkusTest
@TestProfile(AutoApprovalTest.AutoApprove.class)
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class AutoApprovalTest {

    static final double BAR = 0.1;

    /** Automatic approval on, and a database of its own so that only this test's labels weigh in the precision. */
    public static class AutoApprove implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("log2.proposals.auto-approve", "true",
                    "log2.proposals.auto-approve-min-gain", String.valueOf(BAR));
        }

        /** A database of its own, so that only this test's labels decide the precision figures. */
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnDatabaseResource.class));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String PROPOSALS = "/api/agents/aws-usage/proposals";
    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");

    @Test
    void aGainAboveTheBarIsApprovedAndDeployedWithoutAPersonOneJustBelowWaitsAndNoiseInTheWatchRollsBack() throws IOException {
        String row = "AaLoad" + System.nanoTime() % 1_000_000;
        String resource = "aa-load-" + System.nanoTime();
        addLoadRow(row);
        await().atMost(WAIT).until(() -> runLoad("probe-" + resource, 85).getList("findings.rule").contains(row));
        // three incidents over threshold 80: 6 samples at 82 and 14 at 88 labelled noise, 20 at 99 labelled useful
        importSeries(resource);
        Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200);
        List<Map<String, Object>> findings = Api.viewer().queryParam("resource", resource).queryParam("from", START.toString())
                .get("/api/findings").then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(3, findings.size(), findings.toString());
        for (Map<String, Object> f : findings) {
            boolean useful = Instant.parse((String) f.get("firstSeen")).isAfter(START.plusSeconds(300L * 180));
            Api.editor().contentType("application/json").body("{\"label\":\"" + (useful ? "useful" : "noise") + "\"}")
                    .post("/api/findings/" + f.get("id") + "/feedback").then().statusCode(200);
        }
        int base = activeVersion();

        // 85 drops the 6 noise alerts at 82: precision 20/40 to 20/34, a gain of 0.088, just below the bar
        JsonPath waiting = propose(row, 85).then().statusCode(201).body("state", equalTo("awaiting-approval"))
                .body("node", equalTo("Approval")).body("processAt", hasItem("Approve or reject")).extract().jsonPath();
        double gain = waiting.getDouble("backtest.after.precision") - waiting.getDouble("backtest.before.precision");
        assertTrue(gain > 0 && gain < BAR, "gain " + gain);
        assertEquals(base, activeVersion());
        Api.as("approver").contentType("application/json").body("{\"reason\":\"another is better\"}")
                .post(PROPOSALS + "/" + waiting.getLong("id") + "/reject").then().statusCode(200).body("state", equalTo("rejected"));

        // 90 drops all 20 noise alerts: precision 0.5 to 1.0, recall kept; the process approves and deploys it
        JsonPath auto = propose(row, 90).then().statusCode(201).body("state", equalTo("watching"))
                .body("decidedBy", equalTo("system")).body("decisionReason", startsWith("approved automatically: precision 0.50 to 1.00"))
                .body("history.event", hasItem("approved")).body("history.event", hasItem("deployed"))
                .extract().jsonPath();
        int deployed = auto.getInt("deployedVersion");
        assertEquals(base, auto.getInt("replacedVersion"));
        JsonPath agent = Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath();
        assertEquals(deployed, agent.getInt("activeVersion.version"));
        assertEquals("proposal", agent.getString("activeVersion.source"));
        assertTrue(agent.getString("activeVersion.reason").contains("approved by system"), agent.getString("activeVersion.reason"));
        // the running rules are the proposal's: 88 no longer alerts, 99 still does
        assertTrue(!runLoad("live-" + resource, 88).getList("findings.rule").contains(row));
        assertTrue(runLoad("live-" + resource, 99).getList("findings.rule").contains(row));

        // the watch: the alert the new version raised is labelled noise, worse than the precision 1.00 promised
        long live = Api.viewer().queryParam("resource", "live-" + resource).get("/api/findings").then().statusCode(200)
                .extract().jsonPath().getLong("items[0].id");
        Api.editor().contentType("application/json").body("{\"label\":\"noise\"}")
                .post("/api/findings/" + live + "/feedback").then().statusCode(200);
        Api.viewer().get(PROPOSALS + "/" + auto.getLong("id")).then().body("state", equalTo("watching"));
        runLoad("live-" + resource, 99);
        Api.viewer().get(PROPOSALS + "/" + auto.getLong("id")).then().statusCode(200)
                .body("state", equalTo("rolled-back"))
                .body("watch.alerts", equalTo(2)).body("watch.alertsBefore", equalTo(3))
                .body("decisionReason", containsString("1 were labelled noise and 0 useful (precision 0.00); the backtest promised 1.00"));
        JsonPath back = Api.viewer().get("/api/agents/aws-usage").then().extract().jsonPath();
        assertEquals("activation", back.getString("activeVersion.source"));
        assertTrue(back.getString("activeVersion.reason").startsWith("activation of version " + base + ": roll back of proposal "
                + auto.getLong("id")), back.getString("activeVersion.reason"));
        assertTrue(runLoad("live-" + resource, 88).getList("findings.rule").contains(row));
    }

    /** A row of its own on a metric only this test has, added in the spreadsheet as a user does. */
    private static void addLoadRow(String row) throws IOException {
        Path table = RulesFolderResource.rulesDir().resolve("aws-usage/thresholds.drl.xlsx");
        try (InputStream in = Files.newInputStream(table); Workbook wb = WorkbookFactory.create(in)) {
            Sheet sheet = wb.getSheetAt(0);
            sheet.shiftRows(18, sheet.getLastRowNum(), 1);
            sheet.createRow(18);
            Sheets.copyRow(sheet, 17, 18);
            sheet.getRow(18).getCell(1).setCellValue(80);
            sheet.getRow(18).getCell(2).setCellValue("Custom/AA");
            sheet.getRow(18).getCell(3).setCellValue("Load");
            sheet.getRow(18).getCell(5).setCellValue("value");
            sheet.getRow(18).getCell(11).setCellValue(row);
            try (OutputStream out = Files.newOutputStream(table)) {
                wb.write(out);
            }
        }
    }

    private static void importSeries(String resource) {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 205; i++) {
            double value = i < 150 ? 50 : i < 156 ? 82 : i < 161 ? 50 : i < 175 ? 88 : i < 185 ? 50 : 99;
            csv.append(START.plusSeconds(300L * i)).append(',').append(value).append('\n');
        }
        Api.editor().multiPart("file", "load.csv", csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("namespace", "Custom/AA").multiPart("metric", "Load").multiPart("resource", resource)
                .post("/api/agents/aws-usage/imports").then().statusCode(200).body("metricSamples", equalTo(205));
    }

    private static io.restassured.response.Response propose(String row, int threshold) {
        return Api.editor().contentType("application/json").body("""
                {"learner":"person","changes":[{"kind":"CHANGE","file":"thresholds.drl.xlsx","table":"MetricThresholds",
                 "rowId":"%s","cells":{"Threshold":"%d"}}]}""".formatted(row, threshold)).post(PROPOSALS);
    }

    private static JsonPath runLoad(String resource, double value) {
        return Api.editor().contentType("application/json").body(run("{\"type\":\"MetricSample\",\"namespace\":\"Custom/AA\","
                        + "\"metric\":\"Load\",\"resource\":\"" + resource + "\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":" + value + "}"))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static int activeVersion() {
        return Api.viewer().get("/api/agents/aws-usage").then().extract().jsonPath().getInt("activeVersion.version");
    }
}
