package io.log2.intelligence.proposal;

import static io.log2.support.Facts.run;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.log2.support.Sheets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Validation by backtest: a proposal is replayed over the stored history (here a metric series imported through the
 * service) through the current and the candidate rules, and refused when it raises the alert volume beyond the
 * tolerance; rows that alert on the same samples as another row are flagged.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class BacktestTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String PROPOSALS = "/api/agents/aws-usage/proposals";

    private String resource;
    private String row;

    /**
     * A row of its own, on a metric only this test has, added in the spreadsheet as a user does, and a series of it
     * in the stored history: the changes below touch only this test's data, whatever other tests stored and labelled.
     */
    @BeforeEach
    void addRowAndImportSeries() throws IOException {
        row = "BtLoad" + System.nanoTime() % 1_000_000;
        resource = "load-" + System.nanoTime();
        Path table = RulesFolderResource.rulesDir().resolve("aws-usage/thresholds.drl.xlsx");
        try (InputStream in = Files.newInputStream(table); Workbook wb = WorkbookFactory.create(in)) {
            Sheet sheet = wb.getSheetAt(0);
            sheet.shiftRows(18, sheet.getLastRowNum(), 1);
            sheet.createRow(18);
            Sheets.copyRow(sheet, 17, 18);
            sheet.getRow(18).getCell(1).setCellValue(80);
            sheet.getRow(18).getCell(2).setCellValue("Custom/BT");
            sheet.getRow(18).getCell(3).setCellValue("Load");
            sheet.getRow(18).getCell(5).setCellValue("value");
            sheet.getRow(18).getCell(11).setCellValue(row);
            try (OutputStream out = Files.newOutputStream(table)) {
                wb.write(out);
            }
        }
        await().atMost(WAIT).until(() -> runLoad("probe-" + resource, 85).getList("findings.rule").contains(row));
        importSeries("Custom/BT", "Load", resource);
    }

    private static void importSeries(String namespace, String metric, String resource) {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        Instant t = Instant.parse("2025-03-01T00:00:00Z");
        for (int i = 0; i < 205; i++) {
            double value = i < 150 ? 50 : i < 190 ? 90 : i < 195 ? 50 : 99;
            csv.append(t.plusSeconds(300L * i)).append(',').append(value).append('\n');
        }
        Api.editor().multiPart("file", "cpu.csv", csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("namespace", namespace).multiPart("metric", metric).multiPart("resource", resource)
                .post("/api/agents/aws-usage/imports").then().statusCode(200).body("metricSamples", equalTo(205));
    }

    @AfterEach
    void restoreShippedRules() throws IOException {
        RulesFolderResource.copy(Path.of("rules/aws-usage"), RulesFolderResource.rulesDir().resolve("aws-usage"));
        // the shipped rules are active again once this test's row no longer fires
        await().atMost(WAIT).until(() -> !runLoad("probe-" + resource, 85).getList("findings.rule").contains(row));
    }

    @Test
    void aRaisedThresholdIsBacktestedOverTheStoredHistoryRowByRow() {
        JsonPath p = propose("""
                {"kind":"CHANGE","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"%s",
                 "cells":{"Threshold":"95"}}""".formatted(row)).then().statusCode(201).extract().jsonPath();
        assertTrue(p.getInt("backtest.facts") >= 205);
        int before = p.getInt("backtest.before.alerts");
        int after = p.getInt("backtest.after.alerts");
        // the 40 samples at 90 of this series no longer alert (and those of this test's earlier series)
        assertTrue(before - after >= 40, before + " -> " + after);
        Map<String, Object> load = rule(p, row);
        assertEquals(19, load.get("row"));
        assertTrue((Integer) load.get("before") - (Integer) load.get("after") >= 40);
        assertTrue(p.getDouble("backtest.alertChange") < 0);
        assertTrue(p.getList("backtest.regressions").isEmpty());
    }

    @Test
    void aRowThatAlertsOnEverySampleRegressesBeyondTheToleranceAndIsRefused() {
        int active = activeVersion();
        JsonPath refused = propose("""
                {"kind":"ADD","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"EverySample",
                 "cells":{"Rule":"any sample","Threshold":"-1000000000","Measure":"value","Test":">","Kind":"alert",
                          "Severity":"low","Category":"resource","Message":"{resource} reported {value}"}}""")
                .then().statusCode(422).body("type", containsString("proposal-refused"))
                .body("errors[0].reason", containsString("log2.proposals.max-alert-increase"))
                .extract().jsonPath();
        long id = refused.getLong("proposal");
        JsonPath stored = Api.viewer().get(PROPOSALS + "/" + id).then().statusCode(200)
                .body("state", equalTo("refused")).extract().jsonPath();
        assertTrue(stored.getDouble("backtest.alertChange") > 0.5);
        assertTrue(stored.getInt("backtest.after.alerts") - stored.getInt("backtest.before.alerts") >= 200);
        assertEquals(activeVersion(), active);
    }

    @Test
    void aRowThatAlertsOnTheSameSamplesAsAnotherIsFlaggedAsOverlapping() {
        JsonPath p = propose("""
                {"kind":"ADD","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"CpuCritical",
                 "cells":{"Rule":"load critical","Threshold":"98","Namespace":"Custom/BT","Metric":"Load",
                          "Measure":"value","Test":">","Kind":"alert","Severity":"critical","Category":"resource",
                          "Message":"load {value} on {resource}"}}""").then().statusCode(201).extract().jsonPath();
        List<Map<String, Object>> overlaps = p.getList("backtest.overlaps");
        Map<String, Object> overlap = overlaps.stream().filter(o -> row.equals(o.get("with"))).findFirst().orElseThrow();
        assertEquals("CpuCritical", overlap.get("rule"));
        // every alert of the new row falls on a sample this test's row alerts on too
        assertEquals(overlap.get("alerts"), overlap.get("shared"));
        assertTrue((Integer) overlap.get("shared") >= 10);
    }

    @Test
    void precisionAndRecallAreMeasuredAgainstTheFindingsLabelsAndARecallLossIsRefused() {
        // a monitoring cycle evaluates the series: one finding for the 40 samples at 90, one for the 10 at 99
        Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200);
        Instant start = Instant.parse("2025-03-01T00:00:00Z");
        List<Map<String, Object>> findings = Api.viewer().queryParam("resource", resource).queryParam("from", start.toString())
                .get("/api/findings").then().statusCode(200).extract().jsonPath().getList("items");
        assertEquals(2, findings.size(), findings.toString());
        for (Map<String, Object> f : findings) {
            boolean first = Instant.parse((String) f.get("firstSeen")).equals(start.plusSeconds(300L * 150));
            Api.editor().contentType("application/json").body("{\"label\":\"" + (first ? "noise" : "useful") + "\"}")
                    .post("/api/findings/" + f.get("id") + "/feedback").then().statusCode(200);
        }

        JsonPath better = propose("""
                {"kind":"CHANGE","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"%s",
                 "cells":{"Threshold":"95"}}""".formatted(row)).then().statusCode(201).extract().jsonPath();
        assertTrue(better.getInt("backtest.labels") >= 2);
        // only this test's series changes: its 40 noise alerts go, its 10 useful ones stay
        assertEquals(40, better.getInt("backtest.before.noise") - better.getInt("backtest.after.noise"));
        assertEquals(better.getInt("backtest.before.useful"), better.getInt("backtest.after.useful"));
        assertTrue(better.getDouble("backtest.after.precision") > better.getDouble("backtest.before.precision"));
        assertEquals(better.getDouble("backtest.before.recall"), better.getDouble("backtest.after.recall"), 1e-9);

        // without any metric row, no labelled incident of a metric series is alerted on
        String removeAll = java.util.stream.Stream.concat(java.util.stream.IntStream.rangeClosed(11, 18)
                        .mapToObj(n -> "MetricThresholds_" + n), java.util.stream.Stream.of(row))
                .map(id -> "{\"kind\":\"REMOVE\",\"file\":\"thresholds.drl.xlsx\",\"table\":\"MetricThresholds\",\"rowId\":\"" + id + "\"}")
                .collect(java.util.stream.Collectors.joining(","));
        propose(removeAll).then().statusCode(422)
                .body("errors.reason", org.hamcrest.Matchers.hasItem(containsString("recall falls")));
    }

    private static JsonPath runLoad(String resource, double value) {
        return Api.editor().contentType("application/json").body(run("{\"type\":\"MetricSample\",\"namespace\":\"Custom/BT\","
                        + "\"metric\":\"Load\",\"resource\":\"" + resource + "\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":" + value + "}"))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.response.Response propose(String change) {
        return Api.editor().contentType("application/json").body("{\"learner\":\"person\",\"changes\":[" + change + "]}")
                .post(PROPOSALS);
    }

    private static Map<String, Object> rule(JsonPath p, String rule) {
        List<Map<String, Object>> rules = p.getList("backtest.rules");
        return rules.stream().filter(r -> rule.equals(r.get("rule"))).findFirst().orElseThrow();
    }

    private static int activeVersion() {
        return Api.viewer().get("/api/agents/aws-usage").then().extract().jsonPath().getInt("activeVersion.version");
    }
}
