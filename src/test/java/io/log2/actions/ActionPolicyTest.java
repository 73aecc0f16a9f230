package io.log2.actions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.logic.ActionRequest;
import io.log2.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The action policy is versioned and refused like a rule file: a bad upload or a bad edit of the file is refused with
 * its line and column while the running policy stays in force; a good one decides the next action. A {@code never}
 * decision needs no AWS call, so these actions reach no endpoint.
 */
@QuarkusTest
class ActionPolicyTest {

    static final String HEADER = ActionsTest.HEADER;

    @Inject
    ActionService service;
    @Inject
    PolicyStore policies;

    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void on() {
        service.enabled(true);
        service.resume("test");
    }

    private String decisionFor(String environment) {
        String resource = "i-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        long id = service.raise(new ActionRequest("stop-instance", "run.1", 1, "idle instance", "low", resource, account,
                Map.of("environment", environment)), "run-policy", null);
        return service.get(id).decision();
    }

    private int upload(String csv) {
        return Api.admin().contentType("text/csv").body(csv).queryParam("reason", "night stops")
                .put("/api/actions/policy").then().statusCode(200)
                .body("source", equalTo("upload")).body("createdBy", equalTo("admin")).body("reason", equalTo("night stops"))
                .extract().path("version");
    }

    @Test
    void aGoodUploadIsANewVersionAndDecidesTheNextAction() throws Exception {
        int version = upload(HEADER + "stop-instance,,qa,,,,never\n");
        assertEquals("never", decisionFor("qa"));
        assertEquals(HEADER + "stop-instance,,qa,,,,never\n", Files.readString(ActionsTest.POLICY), "written to the policy file");
        Api.viewer().get("/api/actions/policy").then().statusCode(200)
                .body("inForce.version", equalTo(version)).body("content", containsString("qa,,,,never"));
        Api.viewer().get("/api/actions/policy/versions/" + version + "/policy.csv").then().statusCode(200)
                .body(equalTo(HEADER + "stop-instance,,qa,,,,never\n"));
        Api.viewer().get("/api/actions/policy/versions").then().statusCode(200).body("[0].version", equalTo(version));
    }

    @Test
    void aBadUploadIsRefusedWithLineAndColumnAndTheRunningPolicyStays() throws Exception {
        int version = upload(HEADER + "stop-instance,,uat,,,,never\n");
        String bad = "# office hours only\n" + HEADER + "stop-instance,,uat,,,,auto\nstop-instance,,dev,,,8-18,auto\n";
        Api.admin().contentType("text/csv").body(bad).put("/api/actions/policy").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://log2.io/problems/policy-rejected"))
                .body("file", equalTo("policy.csv")).body("line", equalTo(4)).body("column", equalTo("F"))
                .body("field", equalTo("hours")).body("where", equalTo("line 4, column F (hours)"))
                .body("detail", containsString("'8-18'")).body("detail", containsString("version " + version + ") stays in force"));
        Api.admin().contentType("text/csv").body(HEADER + "stop-instance,,uat,,Moonday,,auto\n").put("/api/actions/policy")
                .then().statusCode(422).body("where", equalTo("line 2, column E (days)"));
        Api.admin().contentType("text/csv").body(HEADER + "stop-instance,,uat,,,,sometimes\n").put("/api/actions/policy")
                .then().statusCode(422).body("where", equalTo("line 2, column G (decision)"));

        assertEquals("never", decisionFor("uat"), "the refused tables changed nothing");
        assertEquals(HEADER + "stop-instance,,uat,,,,never\n", Files.readString(ActionsTest.POLICY));
        Api.viewer().get("/api/actions/policy").then().body("inForce.version", equalTo(version));
    }

    @Test
    void aBadEditOfTheFileIsIgnoredUntilItIsFixed() throws Exception {
        int version = upload(HEADER + "stop-instance,,sandbox,,,,never\n");
        ActionsTest.policy("stop-instance,,sandbox,,,,maybe\n");
        assertEquals("never", decisionFor("sandbox"), "the running policy stays in force");
        Api.viewer().get("/api/actions/policy").then().statusCode(200)
                .body("inForce.version", equalTo(version))
                .body("fileRefused.line", equalTo(2)).body("fileRefused.column", equalTo("G"));

        ActionsTest.policy("stop-instance,,sandbox,,,,auto\nstop-instance,,sandbox-2,,,,never\n");
        assertEquals("never", decisionFor("sandbox-2"));
        Api.viewer().get("/api/actions/policy").then().statusCode(200)
                .body("inForce.version", equalTo(version + 1)).body("inForce.source", equalTo("file"))
                .body("fileRefused", nullValue());
    }

    @Test
    void aWorkbookSavedByASpreadsheetIsTakenAsItsFirstSheet() throws Exception {
        byte[] xlsx;
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = wb.createSheet("policy");
            String[][] rows = {{"# which actions run by themselves"}, HEADER.strip().split(","),
                    {"stop-instance", "", "perf", "", "Mon-Sun", "00:00-23:59", "never"}};
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r == 0 ? 0 : r + 1);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            wb.write(out);
            xlsx = out.toByteArray();
        }
        Api.admin().contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").body(xlsx)
                .put("/api/actions/policy").then().statusCode(200);
        assertTrue(Files.readString(ActionsTest.POLICY).contains("stop-instance,,perf,,Mon-Sun,00:00-23:59,never"));

        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = wb.createSheet("policy");
            String[] header = HEADER.strip().split(",");
            var h = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                h.createCell(c).setCellValue(header[c]);
            }
            var row = sheet.createRow(6);
            row.createCell(0).setCellValue("stop-instance");
            row.createCell(6).setCellValue("yes");
            wb.write(out);
            xlsx = out.toByteArray();
        }
        Api.admin().body(xlsx).contentType("application/octet-stream").put("/api/actions/policy").then().statusCode(422)
                .body("line", equalTo(7)).body("column", equalTo("G"));
    }

    @Test
    void onlyAnAdminChangesThePolicy() {
        Api.editor().contentType("text/csv").body(HEADER).put("/api/actions/policy").then().statusCode(403);
        Api.admin().contentType("text/csv").body("").put("/api/actions/policy").then().statusCode(400);
    }
}
