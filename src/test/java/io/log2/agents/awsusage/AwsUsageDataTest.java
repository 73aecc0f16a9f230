package io.log2.agents.awsusage;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** Cost exports and metric series in, through imports and monitoring cycles, findings out. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class AwsUsageDataTest {

    private static final String FOCUS = "samples/focus/focus_sample.csv";

    @Inject
    DataSource dataSource;

    private long costRows() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM cost_history")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The AWS usage part of the FOCUS sample's billed cost (credits and adjustments aside), summed straight from the CSV. */
    private static double focusAwsTotal() throws IOException {
        try (InputStream in = AwsUsageDataTest.class.getClassLoader().getResourceAsStream(FOCUS)) {
            List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new InputStreamReader(in, StandardCharsets.UTF_8)).getRecords();
            return rows.stream().filter(r -> r.get("ProviderName").equals("AWS") && r.get("ChargeCategory").equals("Usage"))
                    .mapToDouble(r -> Double.parseDouble(r.get("BilledCost"))).sum();
        }
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = AwsUsageDataTest.class.getClassLoader().getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    @Test
    void anImportedBillFeedsACycleWhoseFindingsNameTheirRootCause() throws Exception {
        JsonPath report = Api.editor().multiPart("file", "focus_sample.csv", resource(FOCUS), "text/csv")
                .post("/api/agents/aws-usage/imports").then().statusCode(200)
                .body("kind", equalTo("FOCUS")).body("rowsRead", equalTo(1000)).extract().jsonPath();
        int refused = report.getMap("refused").values().stream().mapToInt(v -> ((Number) v).intValue()).sum();
        assertEquals(1000, report.getInt("rowsKept") + refused);
        assertEquals(focusAwsTotal(), report.getDouble("costTotal"), 1e-6);

        JsonPath cycle = Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200)
                .body("runId", notNullValue()).extract().jsonPath();
        JsonPath run = Api.viewer().get("/api/runs/" + cycle.getString("runId")).then().statusCode(200).extract().jsonPath();
        List<String> messages = run.getList("findings.message", String.class);
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Cost anomaly on 2024-09-12")
                && m.contains("most of it from Amazon Elastic Compute Cloud")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Cost spike on 2024-09-29")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Amazon Elastic Compute Cloud cost $")
                && m.contains(" in 2024-09, above $10")), messages.toString());
        // Below a dollar, a jump or an anomaly is noise: the tables' guards keep those silent.
        assertTrue(messages.stream().noneMatch(m -> m.startsWith("Cost spike") && m.contains(": $0 is")), messages.toString());

        // Nothing new arrived: the next cycle has no cost facts to evaluate.
        JsonPath again = Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200).extract().jsonPath();
        assertTrue(again.getInt("facts") < cycle.getInt("facts"), "only what arrived since the last cycle is evaluated");
        Api.viewer().get("/api/agents/aws-usage/cycles").then().statusCode(200).body("[0].status", notNullValue());
    }

    @Test
    void aMetricSeriesImportsAsSamplesOfTheGivenResource() throws Exception {
        JsonPath report = Api.editor()
                .multiPart("file", "cpu.csv", resource("samples/nab/ec2_cpu_utilization_ac20cd.csv"), "text/csv")
                .multiPart("namespace", "AWS/EC2").multiPart("metric", "CPUUtilization").multiPart("resource", "i-series")
                .post("/api/agents/aws-usage/imports").then().statusCode(200)
                .body("kind", equalTo("METRIC_SERIES")).extract().jsonPath();
        assertEquals(4032, report.getInt("metricSamples"));
        JsonPath cycle = Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200).extract().jsonPath();
        Api.viewer().queryParam("run", cycle.getString("runId")).queryParam("resource", "i-series").queryParam("limit", 1000)
                .get("/api/firings").then().statusCode(200).body("items.size()", equalTo(457));
    }

    @Test
    void aBadFileIsRefusedWithAProblemAndNothingIsStored() throws Exception {
        long before = costRows();
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        Api.editor().multiPart("file", "bill.csv", garbage, "application/octet-stream")
                .post("/api/agents/aws-usage/imports").then().statusCode(415)
                .contentType("application/problem+json").body("detail", notNullValue());
        Api.editor().multiPart("file", "bill.csv", "a,b,c\n1,2,3\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/agents/aws-usage/imports").then().statusCode(415).contentType("application/problem+json");
        Api.editor().multiPart("file", "empty.csv", new byte[0], "text/csv")
                .post("/api/agents/aws-usage/imports").then().statusCode(400).contentType("application/problem+json");
        Api.editor().multiPart("file", "bill.csv", resource(FOCUS), "text/csv").multiPart("kind", "banana")
                .post("/api/agents/aws-usage/imports").then().statusCode(400).body("where", equalTo("kind"));
        Api.viewer().multiPart("file", "bill.csv", resource(FOCUS), "text/csv")
                .post("/api/agents/aws-usage/imports").then().statusCode(403);
        assertEquals(before, costRows());
    }

    private long rows(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The FOCUS sample moved to another year, so that every one of its rows is new to the history. */
    private static String focusIn(String year) throws IOException {
        return new String(resource(FOCUS), StandardCharsets.UTF_8).replace("\"2024-", "\"" + year + "-");
    }

    @Test
    void aFileThatFailsInTheMiddleOfStoringLeavesNothing() throws Exception {
        String bill = focusIn("2031");
        // The database refuses one service: the rows before it have been written when the store fails.
        int middle = bill.indexOf("\"Amazon Simple Storage Service\"", bill.length() / 2);
        String poisoned = bill.substring(0, middle) + "\"Poisoned Service\"" + bill.substring(middle + 31);
        long costs = costRows();
        long logged = rows("SELECT COUNT(*) FROM import_log");
        execute("ALTER TABLE cost_history ADD CONSTRAINT test_poisoned_service CHECK (service <> 'Poisoned Service')");
        try {
            String body = Api.editor().multiPart("file", "poisoned.csv", poisoned.getBytes(StandardCharsets.UTF_8), "text/csv")
                    .post("/api/agents/aws-usage/imports").then().statusCode(503)
                    .contentType("application/problem+json").body("where", equalTo("database"))
                    .extract().asString();
            assertTrue(!body.contains("SQL") && !body.contains("MERGE") && !body.contains("Poisoned")
                    && !body.contains("test_poisoned_service"), body);
        } finally {
            execute("ALTER TABLE cost_history DROP CONSTRAINT test_poisoned_service");
        }
        assertEquals(costs, costRows(), "no row of the file remains");
        assertEquals(0, rows("SELECT COUNT(*) FROM cost_history WHERE usage_date >= DATE '2031-01-01'"));
        assertEquals(logged, rows("SELECT COUNT(*) FROM import_log"), "and it is not in the import log");
        // The same file, once the database takes it, is stored whole.
        Api.editor().multiPart("file", "bill-2031.csv", bill.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/agents/aws-usage/imports").then().statusCode(200);
        assertTrue(rows("SELECT COUNT(*) FROM cost_history WHERE usage_date >= DATE '2031-01-01'") > 0);
    }

    @Test
    void aDatabaseErrorAfterTheRowsWereWrittenLeavesNothing() throws Exception {
        String bill = focusIn("2032");
        long costs = costRows();
        // Every row is written, then the import log refuses the file's line: the whole store rolls back.
        execute("ALTER TABLE import_log ADD CONSTRAINT test_refused_log CHECK (file <> 'refused-by-the-log.csv')");
        try {
            Api.editor().multiPart("file", "refused-by-the-log.csv", bill.getBytes(StandardCharsets.UTF_8), "text/csv")
                    .post("/api/agents/aws-usage/imports").then().statusCode(503).contentType("application/problem+json");
        } finally {
            execute("ALTER TABLE import_log DROP CONSTRAINT test_refused_log");
        }
        assertEquals(costs, costRows());
        assertEquals(0, rows("SELECT COUNT(*) FROM cost_history WHERE usage_date >= DATE '2032-01-01'"));
    }
}
