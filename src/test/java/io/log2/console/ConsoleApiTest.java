package io.log2.console;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The endpoints the console reads besides the API's own: who is signed in, the daily cost, a table row by its Id. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class ConsoleApiTest {

    private static final Path FOCUS = Path.of("src/test/resources/data/focus/focus_sample.csv");
    private static final String ACCOUNT = "404404404404";

    @Test
    void meNamesTheUserAndTheirRoles() {
        Api.admin().get("/api/me").then().statusCode(200).body("username", equalTo("admin")).body("roles", hasItem("admin"));
        Api.as("approver").get("/api/me").then().statusCode(200).body("username", equalTo("approver-user"))
                .body("roles", equalTo(List.of("approver")));
        RestAssured.given().get("/api/me").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void theDailyCostIsTheSumOfEachDayOfTheImportedExport() throws IOException {
        // the FOCUS sample moved to 2044 in an account of its own; every usage row's BilledCost summed by day here
        Map<LocalDate, Double> expected = new TreeMap<>();
        StringWriter moved = new StringWriter();
        try (Reader in = Files.newBufferedReader(FOCUS, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            List<String> header = parser.getHeaderNames();
            try (CSVPrinter out = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get().print(moved)) {
                for (CSVRecord r : parser) {
                    List<String> values = new ArrayList<>(r.toList());
                    for (int i = 0; i < values.size(); i++) {
                        if (values.get(i).startsWith("2024-")) {
                            values.set(i, "2044-" + values.get(i).substring(5));
                        } else if (header.get(i).equals("SubAccountId")) {
                            values.set(i, ACCOUNT);
                        }
                    }
                    if (r.get("ProviderName").equals("AWS") && r.get("ChargeCategory").equals("Usage")) {
                        expected.merge(LocalDate.parse("2044" + r.get("ChargePeriodStart").substring(4, 10)),
                                Double.parseDouble(r.get("BilledCost")), Double::sum);
                    }
                    out.printRecord(values);
                }
            }
        }
        Api.editor().multiPart("file", "focus-2044.csv", moved.toString().getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/agents/aws-usage/imports").then().statusCode(200);

        JsonPath costs = Api.viewer().queryParam("account", ACCOUNT).queryParam("days", 10)
                .get("/api/agents/aws-usage/costs/daily").then().statusCode(200).extract().jsonPath();
        LocalDate last = ((TreeMap<LocalDate, Double>) expected).lastKey();
        assertEquals(last.toString(), costs.getString("lastDay"));
        assertEquals(10, costs.getList("days").size());
        for (int i = 0; i < 10; i++) {
            LocalDate day = last.minusDays(9 - i);
            assertEquals(day.toString(), costs.getString("days[" + i + "].day"));
            assertEquals(expected.getOrDefault(day, 0.0), costs.getDouble("days[" + i + "].amount"), 1e-6, day.toString());
        }
        // a span longer than the history starts at its first day
        JsonPath all = Api.viewer().queryParam("account", ACCOUNT).queryParam("days", 366)
                .get("/api/agents/aws-usage/costs/daily").then().statusCode(200).extract().jsonPath();
        assertEquals(((TreeMap<LocalDate, Double>) expected).firstKey().toString(), all.getString("days[0].day"));

        Api.viewer().queryParam("account", "no-such-account").get("/api/agents/aws-usage/costs/daily").then().statusCode(200)
                .body("lastDay", equalTo(null)).body("days.size()", equalTo(0));
        for (String days : List.of("0", "367", "ten", "-5")) {
            Api.viewer().queryParam("days", days).get("/api/agents/aws-usage/costs/daily").then().statusCode(400)
                    .contentType("application/problem+json").body("where", equalTo("days"));
        }
        RestAssured.given().get("/api/agents/aws-usage/costs/daily").then().statusCode(401);
    }

    @Test
    void aSpreadsheetRowIsReadByItsIdFromTheVersionAsked() {
        int version = Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath()
                .getInt("activeVersion.version");
        Api.viewer().get("/api/agents/aws-usage/versions/" + version + "/rows/MetricThresholds_11").then().statusCode(200)
                .body("file", equalTo("thresholds.drl.xlsx")).body("table", equalTo("MetricThresholds"))
                .body("cells.Namespace", equalTo("AWS/EC2")).body("cells.Metric", equalTo("CPUUtilization"));
        Api.viewer().get("/api/agents/aws-usage/versions/" + version + "/rows/NoSuchRow_1").then().statusCode(404)
                .contentType("application/problem+json");
        Api.viewer().get("/api/agents/aws-usage/versions/99999/rows/MetricThresholds_11").then().statusCode(404);
        Api.viewer().get("/api/agents/nope/versions/1/rows/MetricThresholds_11").then().statusCode(404);
    }

    @Test
    void aVersionDownloadsAsAZipAndComparesWithAnother() throws IOException {
        JsonPath agent = Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath();
        int active = agent.getInt("activeVersion.version");
        List<String> files = agent.getList("activeVersion.files");
        byte[] zip = Api.viewer().get("/api/agents/aws-usage/versions/" + active + "/files.zip").then().statusCode(200)
                .contentType("application/zip").header("Content-Disposition", org.hamcrest.Matchers.containsString("aws-usage-v" + active + ".zip"))
                .extract().asByteArray();
        List<String> names = new ArrayList<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                byte[] stored = Api.viewer().get("/api/agents/aws-usage/versions/" + active + "/files/" + e.getName())
                        .then().statusCode(200).extract().asByteArray();
                org.junit.jupiter.api.Assertions.assertArrayEquals(stored, in.readAllBytes(), e.getName());
            }
        }
        assertEquals(files.stream().sorted().toList(), names.stream().sorted().toList());

        Api.viewer().queryParam("from", active).get("/api/agents/aws-usage/versions/" + active + "/diff").then().statusCode(200)
                .body("files.status.unique()", equalTo(List.of("unchanged")));
        Api.viewer().get("/api/agents/aws-usage/versions/" + active + "/diff").then().statusCode(400)
                .contentType("application/problem+json").body("where", equalTo("from"));
        Api.viewer().queryParam("from", 999999).get("/api/agents/aws-usage/versions/" + active + "/diff").then().statusCode(404);
        Api.viewer().get("/api/agents/aws-usage/versions/999999/files.zip").then().statusCode(404).contentType("application/problem+json");
        RestAssured.given().get("/api/agents/aws-usage/versions/" + active + "/files.zip").then().statusCode(401);
    }

    @Test
    void aChangeMadeWithTheSessionNeedsItsCsrfToken() {
        Api.editor().get("/api/me").then().statusCode(200);
        Api.viewer().get("/api/me").then().statusCode(200);
        String session = signIn("editor-user");
        String run = "{\"facts\":[]}";
        // the session alone is refused: another site can make a browser send the cookie
        RestAssured.given().cookie("log2-session", session).contentType("application/json").body(run)
                .post("/api/agents/aws-usage/runs").then().statusCode(403).contentType("application/problem+json")
                .body("where", equalTo("X-CSRF-Token"));
        // a read hands out the token; repeated in the header, the change goes through
        String token = RestAssured.given().cookie("log2-session", session).get("/api/me").then().statusCode(200)
                .extract().cookie("log2-csrf");
        org.junit.jupiter.api.Assertions.assertNotNull(token, "a signed-in read sets the log2-csrf cookie");
        RestAssured.given().cookie("log2-session", session).cookie("log2-csrf", token).header("X-CSRF-Token", token)
                .contentType("application/json").body(run).post("/api/agents/aws-usage/runs").then().statusCode(200);
        // a header that differs from the cookie, or a token signed for another user, is refused
        RestAssured.given().cookie("log2-session", session).cookie("log2-csrf", token).header("X-CSRF-Token", token + "x")
                .contentType("application/json").body(run).post("/api/agents/aws-usage/runs").then().statusCode(403);
        String viewers = RestAssured.given().cookie("log2-session", signIn("viewer-user")).get("/api/me").then().statusCode(200)
                .extract().cookie("log2-csrf");
        RestAssured.given().cookie("log2-session", session).cookie("log2-csrf", viewers).header("X-CSRF-Token", viewers)
                .contentType("application/json").body(run).post("/api/agents/aws-usage/runs").then().statusCode(403);
        // HTTP Basic carries no ambient credential: unchanged, no token asked for and none handed out
        Api.editor().contentType("application/json").body(run).post("/api/agents/aws-usage/runs").then().statusCode(200);
        assertEquals(null, Api.editor().get("/api/me").then().statusCode(200).extract().cookie("log2-csrf"));
    }

    private static String signIn(String user) {
        String session = RestAssured.given().redirects().follow(false).formParam("j_username", user)
                .formParam("j_password", Api.PASSWORD).post("/j_security_check").then().statusCode(302).extract().cookie("log2-session");
        org.junit.jupiter.api.Assertions.assertNotNull(session, user + " signed in");
        return session;
    }
}
