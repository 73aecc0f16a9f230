package io.log2.intelligence.proposal;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Proposals through the API: made from row changes, refused when they cannot apply or compile, approved and deployed, rejected. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class ProposalApiTest {

    private static final String TABLE = "thresholds.drl.xlsx";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String PROPOSALS = "/api/agents/aws-usage/proposals";

    @AfterEach
    void restoreShippedRules() throws IOException {
        RulesFolderResource.copy(Path.of("rules/aws-usage"), folder());
        await().atMost(WAIT).until(() -> threshold(99.0) == 80.0 && agent().get("error") == null);
    }

    @Test
    void anApprovedProposalIsDeployedAsANewVersionWithItsProvenanceInTheSpreadsheet() throws IOException {
        int base = activeVersion();
        String newId = "LearnedCpu_" + System.nanoTime() % 1_000_000;
        JsonPath proposed = Api.editor().contentType("application/json").body("""
                {"learner":"cpu-thresholds","trainingFrom":"2026-11-01T00:00:00Z","trainingTo":"2026-11-20T00:00:00Z",
                 "samples":1440,"reason":"80%% raised 40 findings labelled noise",
                 "changes":[
                  {"kind":"CHANGE","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"MetricThresholds_11",
                   "cells":{"Threshold":"85"},"reason":"fewer noise findings"},
                  {"kind":"ADD","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"%s",
                   "cells":{"Rule":"EC2 CPU far above normal","Threshold":"97","Namespace":"AWS/EC2","Metric":"CPUUtilization",
                            "Measure":"value","Test":">","Kind":"alert","Severity":"critical","Category":"resource",
                            "Message":"EC2 CPU {value}%% on {resource} is above {threshold}%%"},
                   "reason":"incidents were all above 97"}]}
                """.formatted(newId))
                .post(PROPOSALS).then().statusCode(201)
                .body("state", equalTo("awaiting-approval"))
                .body("baseVersion", equalTo(base))
                .body("changes", hasSize(2))
                .body("history.event", hasItem("validated"))
                .extract().jsonPath();
        long id = proposed.getLong("id");
        // nothing is deployed before approval
        assertEquals(base, activeVersion());
        assertEquals(80.0, threshold(83.0));
        Api.viewer().get(PROPOSALS).then().statusCode(200).body("id", hasItem((int) id));

        JsonPath approved = Api.as("approver").contentType("application/json").body("{\"reason\":\"backtest looks right\"}")
                .post(PROPOSALS + "/" + id + "/approve").then().statusCode(200)
                .body("state", equalTo("watching"))
                .body("node", equalTo("Watch"))
                .body("processAt", hasItem("Next run"))
                .body("decidedBy", equalTo("approver-user"))
                .body("replacedVersion", equalTo(base))
                .body("deployedVersion", notNullValue())
                .extract().jsonPath();
        int deployed = approved.getInt("deployedVersion");
        assertEquals(deployed, activeVersion());
        Api.viewer().get("/api/agents/aws-usage/versions/" + deployed).then()
                .body("source", equalTo("proposal"))
                .body("createdBy", equalTo("approver-user"))
                .body("reason", containsString("proposal " + id + "; learner cpu-thresholds; trained on 2026-11-01T00:00:00Z"));

        // the next runs are watched: 3 alerts where the replaced version raised 3, as the backtest promised
        assertEquals(0, runCpu(83.0).getList("findings").size());
        JsonPath loud = runCpu(98.0);
        assertEquals(2, loud.getList("findings").size());
        assertTrue(loud.getList("findings.rule").contains(newId));
        assertTrue(loud.getList("findings.threshold", Float.class).contains(85.0f));
        assertEquals(85.0, threshold(86.0));
        Api.viewer().get(PROPOSALS + "/" + id).then().statusCode(200)
                .body("state", equalTo("deployed"))
                .body("watch.runs", equalTo(3))
                .body("watch.alerts", equalTo(3))
                .body("watch.alertsBefore", equalTo(3))
                .body("history.event", hasItem("kept"))
                .body("processAt", hasSize(0));
        assertEquals(deployed, activeVersion());

        // the rows as a person sees them in the rules folder: the provenance beside each changed or added row
        Map<String, String> provenance = provenanceById(folder().resolve(TABLE));
        assertEquals("proposal " + id + "; learner cpu-thresholds; trained on 2026-11-01T00:00:00Z to 2026-11-20T00:00:00Z",
                provenance.get("MetricThresholds_11"));
        assertEquals(provenance.get("MetricThresholds_11"), provenance.get(newId));
        assertEquals(null, provenance.get("MetricThresholds_12"));
    }

    @Test
    void aChangeToARowThatDoesNotExistIsRefusedNamingItAndNothingIsStored() {
        int before = Api.viewer().get(PROPOSALS).then().statusCode(200).extract().jsonPath().getList("id").size();
        Api.editor().contentType("application/json").body("""
                {"changes":[{"kind":"CHANGE","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"MetricThresholds_11",
                  "cells":{"Threshold":"85"}},
                 {"kind":"REMOVE","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"MetricThresholds_999"}]}
                """)
                .post(PROPOSALS).then().statusCode(400).contentType("application/problem+json")
                .body("where", equalTo("/changes/1/rowId"))
                .body("detail", containsString("no row with id 'MetricThresholds_999'"));
        Api.editor().contentType("application/json").body("""
                {"changes":[{"kind":"CHANGE","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"MetricThresholds_11",
                  "cells":{"Treshold":"85"}}]}
                """)
                .post(PROPOSALS).then().statusCode(400).body("where", equalTo("/changes/0/cells/Treshold"));
        assertEquals(before, Api.viewer().get(PROPOSALS).then().extract().jsonPath().getList("id").size());
    }

    @Test
    void aProposalWhoseRulesDoNotCompileIsRefusedWithTheCompilersMessageAndKept() {
        int active = activeVersion();
        long id = Api.editor().contentType("application/json").body("""
                {"learner":"person","changes":[{"kind":"CHANGE","file":"thresholds.drl.xlsx","table":"MetricThresholds",
                  "rowId":"MetricThresholds_11","cells":{"Test":">>"}}]}
                """)
                .post(PROPOSALS).then().statusCode(422).contentType("application/problem+json")
                .body("type", containsString("proposal-refused"))
                .body("errors[0].file", equalTo(TABLE))
                .body("errors[0].row", equalTo(11))
                .extract().jsonPath().getLong("proposal");
        Api.viewer().get(PROPOSALS + "/" + id).then().statusCode(200)
                .body("state", equalTo("refused"))
                .body("problems[0].row", equalTo(11))
                .body("history.event", hasItem("refused"));
        Api.as("approver").contentType("application/json").body("{}").post(PROPOSALS + "/" + id + "/approve")
                .then().statusCode(409);
        assertEquals(active, activeVersion());
    }

    @Test
    void aRejectedProposalIsNeverDeployedAndOnlyApproversDecide() {
        int active = activeVersion();
        long id = Api.editor().contentType("application/json").body("""
                {"changes":[{"kind":"CHANGE","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"MetricThresholds_11",
                  "cells":{"Threshold":"70"}}]}
                """).post(PROPOSALS).then().statusCode(201).extract().jsonPath().getLong("id");
        Api.editor().contentType("application/json").body("{}").post(PROPOSALS + "/" + id + "/approve").then().statusCode(403);
        Api.as("approver").contentType("application/json").body("{}").post(PROPOSALS + "/" + id + "/reject")
                .then().statusCode(400).body("where", equalTo("/reason"));
        Api.as("approver").contentType("application/json").body("{\"reason\":\"70 is too noisy\"}")
                .post(PROPOSALS + "/" + id + "/reject").then().statusCode(200)
                .body("state", equalTo("rejected")).body("decisionReason", equalTo("70 is too noisy"));
        Api.as("approver").contentType("application/json").body("{}").post(PROPOSALS + "/" + id + "/approve")
                .then().statusCode(409).body("detail", containsString("rejected"));
        Api.viewer().get("/api/agents/other/proposals/" + id).then().statusCode(404);
        assertEquals(active, activeVersion());
        assertEquals(80.0, threshold(99.0));
    }

    /** Each row's Id and its Provenance cell, read from the file as a spreadsheet program would show them. */
    static Map<String, String> provenanceById(Path xlsx) throws IOException {
        Map<String, String> out = new HashMap<>();
        DataFormatter text = new DataFormatter(Locale.ROOT);
        try (InputStream in = Files.newInputStream(xlsx); Workbook wb = WorkbookFactory.create(in)) {
            Sheet sheet = wb.getSheetAt(0);
            Row labels = sheet.getRow(9); // the MetricThresholds labels
            Integer id = null;
            Integer provenance = null;
            for (Cell c : labels) {
                if (text.formatCellValue(c).equals("Id")) {
                    id = c.getColumnIndex();
                } else if (text.formatCellValue(c).equals("Provenance")) {
                    provenance = c.getColumnIndex();
                }
            }
            assertNotNull(provenance, "the table has a Provenance column");
            for (int r = 10; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                if (row == null || row.getCell(id) == null) {
                    break;
                }
                Cell p = row.getCell(provenance);
                out.put(text.formatCellValue(row.getCell(id)), p == null || text.formatCellValue(p).isEmpty() ? null : text.formatCellValue(p));
            }
        }
        return out;
    }

    private static Path folder() {
        return RulesFolderResource.rulesDir().resolve("aws-usage");
    }

    private static JsonPath runCpu(double value) {
        return Api.editor().contentType("application/json").body(run(ec2Cpu("i-proposal", value)))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static double threshold(double value) {
        return runCpu(value).getDouble("findings[0].threshold");
    }

    private static JsonPath agent() {
        return Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath();
    }

    private static int activeVersion() {
        return agent().getInt("activeVersion.version");
    }
}
