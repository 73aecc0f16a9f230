package io.log2.agents.awsusage.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The cost anomaly of the FOCUS sample's 12 September (moved to 2050) names its root causes, each line's dollar
 * contribution as worked out here from the CSV, and together they make up the day's change against its baseline.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class RootCausesTest {

    private static final String ACCOUNT = "11353890204";

    @Test
    void aCostAnomalyNamesItsRootCausesWithTheirDollarContributions() throws Exception {
        byte[] bill;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(FocusDays.FILE)) {
            bill = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"2024-", "\"2050-").getBytes(StandardCharsets.UTF_8);
        }
        Api.editor().multiPart("file", "focus-2050.csv", bill, "text/csv").post("/api/agents/aws-usage/imports")
                .then().statusCode(200);
        Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> Api.editor().post("/api/agents/aws-usage/cycles").statusCode() == 200);

        JsonPath findings = Api.viewer().queryParam("rule", "DailyCostThresholds_26").queryParam("resource", ACCOUNT)
                .queryParam("limit", 1000)
                .get("/api/findings").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = findings.getList("items");
        Map<String, Object> anomaly = items.stream().filter(f -> "2050-09-12".equals(f.get("period"))).findFirst()
                .orElseThrow(() -> new AssertionError(findings.prettify()));
        JsonPath firing = Api.viewer().get("/api/firings/" + anomaly.get("lastFiring")).then().statusCode(200)
                .extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        Map<String, Object> day = firing.getMap("facts.find { it.rootCauses != null }");
        List<Map<String, Object>> causes = firing.getList("facts.find { it.rootCauses != null }.rootCauses");

        // By hand: each line's cost on the day less its mean over the nine days of data before it (1 to 11 September,
        // from the account's first day with cost).
        Map<String, Map<LocalDate, Double>> lines = lines();
        LocalDate target = LocalDate.of(2050, 9, 12);
        LocalDate first = lines.values().stream().flatMap(m -> m.keySet().stream()).filter(d -> d.isBefore(target))
                .min(LocalDate::compareTo).orElseThrow();
        Map<String, Double> expected = new TreeMap<>();
        lines.forEach((line, byDay) -> {
            double mean = first.datesUntil(target).mapToDouble(d -> byDay.getOrDefault(d, 0.0)).average().orElse(0);
            double move = byDay.getOrDefault(target, 0.0) - mean;
            if (move != 0) {
                expected.put(line, move);
            }
        });
        assertTrue(expected.size() <= 10, "every line that moved is named: " + expected.size());
        assertEquals(expected.size(), causes.size(), causes.toString());
        double sum = 0;
        double previous = Double.MAX_VALUE;
        for (Map<String, Object> c : causes) {
            String line = c.get("service") + "|" + c.get("region") + "|" + c.get("usageType");
            double contribution = ((Number) c.get("contribution")).doubleValue();
            assertEquals(expected.get(line), contribution, 1e-9, line);
            assertEquals(ACCOUNT, c.get("account"));
            assertTrue(contribution <= previous, "largest first");
            previous = contribution;
            sum += contribution;
        }
        double change = ((Number) day.get("amount")).doubleValue() - ((Number) day.get("baselineMean")).doubleValue();
        assertEquals(change, sum, 1e-9, "the contributions make up the change against the baseline");
        assertEquals(causes.get(0).get("service"), day.get("rootCauseService"), "the single line named before is the first");
    }

    /** The account's cost by line (service|region|SKU) and day, from the CSV moved to 2050. */
    private Map<String, Map<LocalDate, Double>> lines() throws Exception {
        Map<String, Map<LocalDate, Double>> out = new TreeMap<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(FocusDays.FILE)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                if (r.get("ProviderName").equals("AWS") && r.get("ChargeCategory").equals("Usage")
                        && r.get("SubAccountId").equals(ACCOUNT)) {
                    String region = r.get("RegionId").equals("NULL") ? "null" : r.get("RegionId");
                    String line = r.get("ServiceName") + "|" + region + "|" + r.get("SkuId");
                    out.computeIfAbsent(line, k -> new TreeMap<>()).merge(
                            LocalDate.parse(r.get("ChargePeriodStart").substring(0, 10)).plusYears(26),
                            Double.parseDouble(r.get("BilledCost")), Double::sum);
                }
            }
        }
        return out;
    }
}
