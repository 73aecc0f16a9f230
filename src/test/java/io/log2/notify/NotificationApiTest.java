package io.log2.notify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Channels, routes and silences through the API: roles, secrets never shown, refusals that change nothing. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = Receivers.class, scope = TestResourceScope.GLOBAL)
class NotificationApiTest {

    private final String id = Long.toString(System.nanoTime(), 36);

    @AfterEach
    void noRoutes() {
        Api.admin().contentType("application/json").body("[]").put("/api/notifications/routes").then().statusCode(200);
    }

    private String webhook(String name) {
        Api.admin().contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"type\":\"webhook\",\"target\":\"" + Receivers.url("/api-" + id)
                        + "\",\"secret\":\"the-secret-of-" + id + "\"}")
                .post("/api/notifications/channels").then().statusCode(201)
                .header("Location", containsString("/api/notifications/channels/" + name));
        return name;
    }

    @Test
    void secretsAreNeverReturnedAndOnlyAnAdminChangesChannels() {
        String name = webhook("hook-" + id);
        String listed = Api.viewer().get("/api/notifications/channels").then().statusCode(200)
                .body("name", hasItem(name)).extract().asString();
        assertFalse(listed.contains("the-secret-of-" + id), listed);
        Api.as("approver").get("/api/notifications/channels/" + name).then().statusCode(200)
                .body("secretSet", equalTo(true)).body("secret", nullValue()).body("type", equalTo("webhook"));
        Api.editor().contentType("application/json").body("{\"name\":\"x-" + id + "\",\"type\":\"slack\",\"target\":\"https://hooks.slack.com/x\"}")
                .post("/api/notifications/channels").then().statusCode(403);
        given().get("/api/notifications/channels").then().statusCode(401);

        // A change without a secret keeps the stored one; the HMAC still signs with it.
        Api.admin().contentType("application/json").body("{\"type\":\"webhook\",\"target\":\"" + Receivers.url("/moved-" + id) + "\"}")
                .put("/api/notifications/channels/" + name).then().statusCode(200).body("secretSet", equalTo(true))
                .body("target", equalTo(Receivers.url("/moved-" + id)));
    }

    @Test
    void badChannelsAreRefusedWithWhere() {
        Api.admin().contentType("application/json").body("{\"name\":\"p-" + id + "\",\"type\":\"pager\",\"target\":\"x\"}")
                .post("/api/notifications/channels").then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("where", equalTo("/type"))
                .body("detail", containsString("webhook"));
        Api.admin().contentType("application/json").body("{\"name\":\"w-" + id + "\",\"type\":\"webhook\",\"target\":\"http://127.0.0.1/x\"}")
                .post("/api/notifications/channels").then().statusCode(400).body("where", equalTo("/secret"));
        Api.admin().contentType("application/json").body("{\"name\":\"w-" + id + "\",\"type\":\"webhook\",\"target\":\"ftp://x/y\",\"secret\":\"0123456789abcdef\"}")
                .post("/api/notifications/channels").then().statusCode(400).body("where", equalTo("/target"));
        Api.admin().contentType("application/json").body("{\"name\":\"Bad Name\",\"type\":\"slack\",\"target\":\"https://hooks.slack.com/x\"}")
                .post("/api/notifications/channels").then().statusCode(400).body("where", equalTo("/name"));
        Api.admin().contentType("application/json").body("{\"name\":\"e-" + id + "\",\"type\":\"email\",\"target\":\"ops at example\"}")
                .post("/api/notifications/channels").then().statusCode(400).body("where", equalTo("/target"));
        Api.admin().contentType("application/json").body("{\"name\":\"s-" + id + "\",\"type\":\"sns\",\"target\":\"arn:aws:sqs:us-east-1:123456789012:q\"}")
                .post("/api/notifications/channels").then().statusCode(400).body("where", equalTo("/target"));
        Api.viewer().get("/api/notifications/channels").then().statusCode(200)
                .body("name", not(hasItem("w-" + id))).body("name", not(hasItem("p-" + id)));
        Api.viewer().get("/api/notifications/channels/none-" + id).then().statusCode(404);
    }

    @Test
    void theRouteTableRoundTripsAsCsvAndABadRowChangesNothing() {
        String hook = webhook("csv-" + id);
        String table = "Id,Agent,Severity,Category,Rule,Channel,Group by,Quiet from,Quiet to,Time zone\r\n"
                + "critical-pages,aws-usage,critical,,,"+ hook + ",\"agent,rule,resource\",,,UTC\r\n"
                + "night,,medium,cost,,"+ hook + ",\"agent,category\",22:00,07:00,Europe/Berlin\r\n";
        String stored = Api.admin().contentType("text/csv").accept("text/csv").body(table).put("/api/notifications/routes")
                .then().statusCode(200).extract().asString();
        assertEquals(table, stored);
        assertEquals(table, Api.viewer().accept("text/csv").get("/api/notifications/routes").then().statusCode(200)
                .header("Content-Disposition", containsString("routes.csv")).extract().asString());
        Api.viewer().accept("application/json").get("/api/notifications/routes").then().statusCode(200)
                .body("id", equalTo(java.util.List.of("critical-pages", "night")))
                .body("[1].quietFrom", equalTo("22:00")).body("[1].timeZone", equalTo("Europe/Berlin"))
                .body("[0].groupBy", equalTo("agent,rule,resource"));

        String badSeverity = table + "third,,urgent,,," + hook + ",,,,\r\n";
        Api.admin().contentType("text/csv").body(badSeverity).put("/api/notifications/routes").then().statusCode(400)
                .body("where", equalTo("row 4, severity"));
        String unknownChannel = table + "third,,,,,nowhere-" + id + ",,,,\r\n";
        Api.admin().contentType("text/csv").body(unknownChannel).put("/api/notifications/routes").then().statusCode(400)
                .body("where", equalTo("row 4, Channel"));
        Api.admin().contentType("application/json").body("[{\"id\":\"a\",\"channel\":\"" + hook + "\",\"groupBy\":\"region\"}]")
                .put("/api/notifications/routes").then().statusCode(400).body("where", equalTo("/0/groupBy"));
        Api.admin().contentType("application/json").body("[{\"id\":\"a\",\"channel\":\"" + hook + "\",\"quietFrom\":\"22:00\"}]")
                .put("/api/notifications/routes").then().statusCode(400).body("where", equalTo("/0/quietTo"));
        Api.admin().contentType("text/csv").body("Id,Channel\r\na,b\r\n").put("/api/notifications/routes").then().statusCode(400)
                .body("where", equalTo("row 1"));
        Api.editor().contentType("text/csv").body(table).put("/api/notifications/routes").then().statusCode(403);
        assertEquals(table, Api.viewer().accept("text/csv").get("/api/notifications/routes").then().statusCode(200)
                .extract().asString(), "every refused table left the stored one as it was");

        // A channel a route sends to cannot be deleted; once no route names it, it can.
        Api.admin().delete("/api/notifications/channels/" + hook).then().statusCode(400).body("detail", containsString("critical-pages"));
        Api.admin().contentType("application/json").body("[]").put("/api/notifications/routes").then().statusCode(200);
        Api.admin().delete("/api/notifications/channels/" + hook).then().statusCode(204);
        Api.viewer().get("/api/notifications/channels/" + hook).then().statusCode(404);
    }

    private static byte[] workbook(String[]... rows) throws java.io.IOException {
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(); var out = new java.io.ByteArrayOutputStream()) {
            var sheet = book.createSheet("Routes");
            for (int r = 0; r < rows.length; r++) {
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    // as spreadsheet programs save: an empty cell is not written, so a row may end before its last column
                    if (!rows[r][c].isEmpty()) {
                        row.createCell(c).setCellValue(rows[r][c]);
                    }
                }
            }
            book.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void theRouteTableIsTakenFromASpreadsheetAndABadRowIsNamedByItsSheetRow() throws Exception {
        String hook = webhook("xlsx-" + id);
        String xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        String[] header = {"Id", "Agent", "Severity", "Category", "Rule", "Channel", "Group by", "Quiet from", "Quiet to", "Time zone"};
        String[] pages = {"critical-pages", "aws-usage", "critical", "", "", hook, "agent,rule,resource"};
        String[] night = {"night", "", "medium", "cost", "", hook, "agent,category", "22:00", "07:00", "Europe/Berlin"};
        String stored = Api.admin().contentType(xlsx).accept("text/csv").body(workbook(header, pages, night))
                .put("/api/notifications/routes").then().statusCode(200).extract().asString();
        String table = "Id,Agent,Severity,Category,Rule,Channel,Group by,Quiet from,Quiet to,Time zone\r\n"
                + "critical-pages,aws-usage,critical,,," + hook + ",\"agent,rule,resource\",,,UTC\r\n"
                + "night,,medium,cost,," + hook + ",\"agent,category\",22:00,07:00,Europe/Berlin\r\n";
        assertEquals(table, stored);

        // a blank row between: the refusal names the row the spreadsheet shows (4), not the route's place (3)
        String[] urgent = {"third", "", "urgent", "", "", hook};
        Api.admin().contentType(xlsx).body(workbook(header, pages, new String[] {""}, urgent)).put("/api/notifications/routes")
                .then().statusCode(400).contentType("application/problem+json").body("where", equalTo("row 4, severity"));
        String[] nowhere = {"fourth", "", "", "", "", "nowhere-" + id};
        Api.admin().contentType(xlsx).body(workbook(header, pages, new String[] {""}, nowhere)).put("/api/notifications/routes")
                .then().statusCode(400).body("where", equalTo("row 4, Channel"));
        Api.admin().contentType(xlsx).body("not a workbook".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .put("/api/notifications/routes").then().statusCode(400).body("where", equalTo("body"))
                .body("detail", containsString("not a readable XLSX workbook"));
        Api.editor().contentType(xlsx).body(workbook(header, pages)).put("/api/notifications/routes").then().statusCode(403);
        assertEquals(table, Api.viewer().accept("text/csv").get("/api/notifications/routes").then().statusCode(200)
                .extract().asString(), "every refused workbook left the stored table as it was");
        Api.admin().contentType("application/json").body("[]").put("/api/notifications/routes").then().statusCode(200);
    }

    @Test
    void badSilencesAreRefused() {
        Api.admin().contentType("application/json").body("{\"matchers\":{},\"endsAt\":\"2999-01-01T00:00:00Z\"}")
                .post("/api/notifications/silences").then().statusCode(400).body("where", equalTo("/matchers"));
        Api.admin().contentType("application/json").body("{\"matchers\":{\"region\":\"x\"},\"endsAt\":\"2999-01-01T00:00:00Z\"}")
                .post("/api/notifications/silences").then().statusCode(400).body("where", equalTo("/matchers/region"));
        Api.admin().contentType("application/json").body("{\"matchers\":{\"rule\":\"x\"},\"endsAt\":\"2001-01-01T00:00:00Z\"}")
                .post("/api/notifications/silences").then().statusCode(400).body("where", equalTo("/endsAt"));
        Api.admin().contentType("application/json").body("{\"matchers\":{\"rule\":\"x\"},\"endsAt\":\"tomorrow\"}")
                .post("/api/notifications/silences").then().statusCode(400).body("where", equalTo("/endsAt"));
        Api.editor().contentType("application/json").body("{\"matchers\":{\"rule\":\"x\"},\"endsAt\":\"2999-01-01T00:00:00Z\"}")
                .post("/api/notifications/silences").then().statusCode(403);
        Api.admin().delete("/api/notifications/silences/987654321").then().statusCode(404);
        Api.viewer().queryParam("limit", 0).get("/api/notifications/deliveries").then().statusCode(400).body("where", equalTo("limit"));
        Api.viewer().queryParam("cursor", "zz").get("/api/notifications/deliveries").then().statusCode(400).body("where", equalTo("cursor"));
    }
}
