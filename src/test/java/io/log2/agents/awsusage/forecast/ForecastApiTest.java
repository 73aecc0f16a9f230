package io.log2.agents.awsusage.forecast;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The forecast endpoint on the FOCUS sample imported through the service (moved to 2047, a year no other test uses),
 * checked against least squares worked out by hand; and the budget rule firing in a monitoring cycle.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class ForecastApiTest {

    private static final int YEARS = 23; // 2024 to 2047: September 1st to 30th keep their month and day
    private static final String EC2 = "Amazon Elastic Compute Cloud";
    private static boolean imported;

    private static synchronized void importFocus() throws IOException {
        if (!imported) {
            upload("focus-2047.csv", focus(2047, null, 1));
            imported = true;
        }
    }

    /** The FOCUS sample moved to {@code year}, every row of it in {@code account} when given, its costs times {@code scale}. */
    private static byte[] focus(int year, String account, int scale) throws IOException {
        try (InputStream in = ForecastApiTest.class.getClassLoader().getResourceAsStream(FocusDays.FILE);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                     .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringWriter out = new StringWriter();
            List<String> header = parser.getHeaderNames();
            try (CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get().print(out)) {
                for (CSVRecord r : parser) {
                    List<String> values = new java.util.ArrayList<>(r.toList());
                    for (int i = 0; i < values.size(); i++) {
                        String name = header.get(i);
                        String v = values.get(i);
                        if (v.startsWith("2024-")) {
                            values.set(i, year + v.substring(4));
                        } else if (name.equals("SubAccountId") && account != null) {
                            values.set(i, account);
                        } else if (name.equals("BilledCost") && scale != 1) {
                            values.set(i, new BigDecimal(v).multiply(BigDecimal.valueOf(scale)).toPlainString());
                        }
                    }
                    printer.printRecord(values);
                }
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static void upload(String name, byte[] content) {
        Api.editor().multiPart("file", name, content, "text/csv").post("/api/agents/aws-usage/imports")
                .then().statusCode(200).body("kind", equalTo("FOCUS"));
    }

    private static Map<LocalDate, Double> in2047(Map<LocalDate, Double> days) {
        Map<LocalDate, Double> out = new TreeMap<>();
        days.forEach((d, v) -> out.put(d.plusYears(YEARS), v));
        return out;
    }

    private static void assertPeriod(JsonPath f, String path, HandOls hand, LocalDate from, LocalDate to) {
        double[] sum = hand.sum(from, to);
        assertEquals(Math.max(0, sum[0]), f.getDouble(path + ".projected"), 1e-3, path);
        assertEquals(Math.max(0, sum[0] - hand.q(0.80) * sum[1]), f.getDouble(path + ".lower80"), 1e-3, path);
        assertEquals(sum[0] + hand.q(0.80) * sum[1], f.getDouble(path + ".upper80"), 1e-3, path);
        assertEquals(Math.max(0, sum[0] - hand.q(0.95) * sum[1]), f.getDouble(path + ".lower95"), 1e-3, path);
        assertEquals(sum[0] + hand.q(0.95) * sum[1], f.getDouble(path + ".upper95"), 1e-3, path);
        assertEquals(0, f.getDouble(path + ".actual"), 1e-9, "no day of it has passed");
    }

    @Test
    void theWeekMonthAndQuarterAheadAreTheLeastSquaresForecastWithItsIntervals() throws Exception {
        importFocus();
        JsonPath f = Api.viewer().queryParam("asOf", "2047-09-30").queryParam("budget", "30")
                .get("/api/agents/aws-usage/forecast").then().statusCode(200).extract().jsonPath();
        LocalDate first = LocalDate.of(2047, 9, 1);
        LocalDate last = LocalDate.of(2047, 9, 30);
        HandOls hand = new HandOls(DailySeries.of(first, last, in2047(FocusDays.total())));

        assertEquals("2047-10-01/2047-10-07", f.getString("total[0].label"));
        assertPeriod(f, "total[0]", hand, LocalDate.of(2047, 10, 1), LocalDate.of(2047, 10, 7));
        assertEquals("2047-10", f.getString("total[1].label"));
        assertPeriod(f, "total[1]", hand, LocalDate.of(2047, 10, 1), LocalDate.of(2047, 10, 31));
        assertEquals("2047-Q4", f.getString("total[2].label"));
        assertPeriod(f, "total[2]", hand, LocalDate.of(2047, 10, 1), LocalDate.of(2047, 12, 31));
        // the interval widens with the horizon
        assertTrue(f.getDouble("total[2].upper95") - f.getDouble("total[2].projected")
                > f.getDouble("total[1].upper95") - f.getDouble("total[1].projected"));

        // how sure: 30 days, 22 degrees of freedom, the residual deviation by hand; the month and quarter reach
        // further ahead than the history, and say so
        assertEquals(30, f.getInt("model.historyDays"));
        assertEquals(22, f.getInt("model.degreesOfFreedom"));
        assertEquals(Math.sqrt(hand.s2), f.getDouble("model.residualDeviation"), 1e-4);
        assertEquals(hand.beta[1], f.getDouble("model.trendPerDay"), 1e-4);
        List<String> warnings = f.getList("model.warnings", String.class);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("2047-Q4") && w.contains("92 days")), warnings.toString());

        // the chance of passing a $30 month and a $90 quarter
        double[] month = hand.sum(LocalDate.of(2047, 10, 1), LocalDate.of(2047, 10, 31));
        double[] quarter = hand.sum(LocalDate.of(2047, 10, 1), LocalDate.of(2047, 12, 31));
        assertEquals(hand.probabilityAbove(month, 30), f.getDouble("budget[0].probability"), 1e-4);
        assertEquals(hand.probabilityAbove(quarter, 90), f.getDouble("budget[1].probability"), 1e-4);

        // per service: EC2 by its own least squares; its spike risk is the chance it spends more than the $30 leave
        // once every other service is at its forecast (the total's forecast less EC2's)
        Map<String, Map<LocalDate, Double>> services = FocusDays.byService();
        HandOls ec2 = new HandOls(DailySeries.of(first, last, in2047(services.get(EC2))));
        double[] ec2Month = ec2.sum(LocalDate.of(2047, 10, 1), LocalDate.of(2047, 10, 31));
        String path = "services.find { it.service == '" + EC2 + "' }";
        assertEquals(Math.max(0, ec2Month[0]), f.getDouble(path + ".periods[1].projected"), 1e-3);
        double headroom = 30 - (month[0] - ec2Month[0]);
        double risk = ec2.probabilityAbove(ec2Month, headroom);
        assertTrue(risk >= 0.05, "EC2 is most of the cost: " + risk);
        Map<String, Object> listed = f.getMap("spikeRisks.find { it.service == '" + EC2 + "' }");
        assertEquals(risk, ((Number) listed.get("probability")).doubleValue(), 1e-4);
        assertEquals(headroom, ((Number) listed.get("headroom")).doubleValue(), 1e-3);
        // a service of cents does not decide the $30 budget: the others pass it without it
        assertEquals(null, f.getMap("spikeRisks.find { it.service == 'AWS Lambda' }"));
    }

    /** The backtest over the stored history equals the backtest of the FOCUS sample's own days. */
    @Test
    void theBacktestRunsOverTheStoredHistory() throws Exception {
        importFocus();
        JsonPath b = Api.viewer().queryParam("asOf", "2047-09-30").get("/api/agents/aws-usage/forecast/backtest")
                .then().statusCode(200).extract().jsonPath();
        ForecastBacktest.Result week = ForecastBacktest.run(
                DailySeries.of(LocalDate.of(2047, 9, 1), LocalDate.of(2047, 9, 30), in2047(FocusDays.total())), 7, 14);
        assertEquals(30, b.getInt("days"));
        assertEquals(10, b.getInt("horizons[0].origins"));
        assertEquals(week.model().mape(), b.getDouble("horizons[0].model.mape"), 1e-3);
        assertEquals(week.seasonalNaive().mape(), b.getDouble("horizons[0].seasonalNaive.mape"), 1e-3);
        assertEquals(week.model().coverage80(), b.getDouble("horizons[0].model.coverage80"), 1e-6);
        assertEquals(0, b.getInt("horizons[1].origins"), "a month needs 44 days");
        assertEquals(44, b.getInt("horizons[1].daysNeeded"));
        Api.viewer().queryParam("asOf", "yesterday").get("/api/agents/aws-usage/forecast/backtest").then().statusCode(400)
                .body("where", equalTo("asOf"));
    }

    @Test
    void tooShortAHistoryOrNoneIsRefusedAndBadParametersAreNamed() throws Exception {
        importFocus();
        Api.viewer().queryParam("asOf", "2047-09-10").get("/api/agents/aws-usage/forecast").then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("holds 10 days"))
                .body("detail", containsString("at least 14"));
        Api.viewer().queryParam("account", "no-such-account").get("/api/agents/aws-usage/forecast").then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("no cost history for account no-such-account"));
        Api.viewer().queryParam("asOf", "2047-13-01").get("/api/agents/aws-usage/forecast").then().statusCode(400)
                .contentType("application/problem+json").body("where", equalTo("asOf"));
        Api.viewer().queryParam("budget", "0").get("/api/agents/aws-usage/forecast").then().statusCode(400)
                .body("where", equalTo("budget"));
        Api.viewer().queryParam("budget", "lots").get("/api/agents/aws-usage/forecast").then().statusCode(400)
                .body("where", equalTo("budget"));
        Api.viewer().queryParam("budget", "NaN").get("/api/agents/aws-usage/forecast").then().statusCode(400)
                .body("where", equalTo("budget"));
        Api.viewer().queryParam("account", "x".repeat(65)).get("/api/agents/aws-usage/forecast").then().statusCode(400)
                .body("where", equalTo("account"));
        RestAssured.given().get("/api/agents/aws-usage/forecast").then().statusCode(401);
    }

    /**
     * A cycle forecasts each account whose costs arrived; the budget rule raises a finding on the account whose month
     * is projected over $150 (the FOCUS month, ten times over, in one account), not on the one far below it.
     */
    @Test
    void theBudgetRuleFiresInACycleWhenTheProjectedMonthPassesTheBudget() throws Exception {
        String over = "480000000001";
        String under = "490000000001";
        upload("focus-2048-x10.csv", focus(2048, over, 10));
        upload("focus-2049.csv", focus(2049, under, 1));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                Api.editor().post("/api/agents/aws-usage/cycles").statusCode() == 200);

        JsonPath expected = Api.viewer().queryParam("account", over).get("/api/agents/aws-usage/forecast")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("2048-10", expected.getString("total[1].label"));
        double month = expected.getDouble("total[1].projected");
        assertTrue(month > 150, "ten times the FOCUS month is over the $150 budget: " + month);
        JsonPath findings = Api.viewer().queryParam("rule", "ForecastBudget_9").queryParam("resource", over)
                .get("/api/findings").then().statusCode(200).extract().jsonPath();
        assertEquals(1, findings.getList("items").size(), findings.prettify());
        assertEquals("2048-10", findings.getString("items[0].period"));
        assertEquals(month * 100 / 150, findings.getDouble("items[0].value"), 0.01);
        assertTrue(findings.getString("items[0].message").startsWith("Forecast: 2048-10 is projected at $"),
                findings.getString("items[0].message"));

        double quarter = expected.getDouble("total[2].projected");
        int quarterFindings = Api.viewer().queryParam("rule", "ForecastBudget_10").queryParam("resource", over)
                .get("/api/findings").then().statusCode(200).extract().jsonPath().getList("items").size();
        assertEquals(quarter > 450 ? 1 : 0, quarterFindings, "quarter projected at " + quarter);

        JsonPath small = Api.viewer().queryParam("account", under).get("/api/agents/aws-usage/forecast")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(small.getDouble("total[1].projected") < 150);
        assertFalse(Api.viewer().queryParam("resource", under).get("/api/findings").then().statusCode(200)
                .extract().jsonPath().getList("items.rule", String.class).stream().anyMatch(r -> r.startsWith("ForecastBudget")));
    }
}
