package io.log2.insights.strategy;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.log2.support.Sheets;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;

/**
 * The monitoring strategy from real stored logs: the FOCUS sample bill and two labelled NAB series (EC2 CPU 24ae8d
 * under a metric a row of this test's own reads, RDS CPU cc0c53 under a metric no rule reads), all moved to 2007 so
 * that this test's span holds its own data only, are imported and evaluated by a monitoring cycle; a person relabels
 * two findings and proposes a threshold. Every figure of {@code GET /api/agents/aws-usage/strategy} is checked
 * against one worked out here from the findings, firings and proposals APIs and from the files themselves.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class StrategyApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String YEAR = "2007";
    private static final String FROM = YEAR + "-01-01T00:00:00Z";
    private static final String TO = "2008-01-01T00:00:00Z";
    private static final String STRATEGY = "/api/agents/aws-usage/strategy";
    private static final String NAMESPACE = "Custom/Strategy";
    private static final double TOLERANCE = 0.1; // log2.strategy.change-tolerance
    private static final double MAX_SHARE = 0.5; // log2.strategy.max-change-share
    private static final List<Duration> LADDER = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3), Duration.ofDays(7));
    private static final JsonPathConfig DOUBLES = JsonPathConfig.jsonPathConfig().numberReturnType(NumberReturnType.DOUBLE);
    private static final Duration CYCLE = Duration.ofHours(24); // %test.log2.aws.interval; cost-interval 0s: every cycle

    @Test
    void theStrategyAnswersFromTheStoredLogsAndHistory() throws Exception {
        long n = System.nanoTime() % 1_000_000;
        String row = "StrategyLoad" + n;
        String watched = "i-strat-" + n;
        String quiet = "q-strat-" + n;
        addRow(row, 1.2);
        Long proposal = null;
        try {
            Api.editor().multiPart("file", "focus.csv", focus().getBytes(StandardCharsets.UTF_8), "text/csv")
                    .post("/api/agents/aws-usage/imports").then().statusCode(200);
            importLabelled(watched, quiet);

            // a person goes through two of the rule's findings
            List<Map<String, Object>> mine = findings(Map.of("rule", row, "from", FROM, "to", TO));
            assertEquals(15, mine.size(), "the EC2 series is above 1.2 fifteen times");
            label(mine.get(0), "expected");
            label(mine.get(1), "noise");
            proposal = propose(row);

            JsonPath s = Api.viewer().queryParam("from", FROM).queryParam("to", TO).get(STRATEGY).then().statusCode(200)
                    .extract().jsonPath().using(DOUBLES);
            assertEquals("aws-usage", s.getString("agent"));

            checkEffectiveness(s, row);
            checkCostRules(s);
            checkGaps(s, watched, quiet);
            checkRuleFacts(s, row);
            checkCollectors(s);
            checkThresholds(s, proposal);
        } finally {
            if (proposal != null) {
                Api.as("approver").contentType("application/json").body("{\"reason\":\"not in this test\"}")
                        .post("/api/agents/aws-usage/proposals/" + proposal + "/reject");
            }
            restoreShippedRules(row);
        }
    }

    @Test
    void badParametersAndUnknownAgentsAreRefusedAndOnlyKnownUsersRead() {
        Api.viewer().queryParam("from", "yesterday").get(STRATEGY).then().statusCode(400)
                .contentType("application/problem+json").body("where", equalTo("from"))
                .body("detail", containsString("ISO-8601"));
        Api.viewer().queryParam("to", "2026-13-01T00:00:00Z").get(STRATEGY).then().statusCode(400).body("where", equalTo("to"));
        Api.viewer().queryParam("from", "2026-02-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z").get(STRATEGY)
                .then().statusCode(400).body("where", equalTo("to"));
        Api.viewer().get("/api/agents/no-such-agent/strategy").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-agent"));
        io.restassured.RestAssured.given().get(STRATEGY).then().statusCode(401);
        Api.as("approver").get(STRATEGY).then().statusCode(200);
    }

    // ---- effectiveness

    private static void checkEffectiveness(JsonPath s, String row) {
        Map<String, Object> rule = s.getMap("rules.find { it.rule == '" + row + "' }");
        assertNotNull(rule, "the rule is listed");
        List<Map<String, Object>> mine = findings(Map.of("rule", row, "from", FROM, "to", TO));
        long useful = mine.stream().filter(f -> "useful".equals(f.get("label"))).count();
        long noise = mine.stream().filter(f -> "noise".equals(f.get("label"))).count();
        long expected = mine.stream().filter(f -> "expected".equals(f.get("label"))).count();
        long labelled = useful + noise + expected;
        assertEquals(mine.size(), ((Number) rule.get("findings")).intValue());
        assertEquals(labelled, ((Number) rule.get("labelled")).longValue());
        assertEquals(useful, ((Number) rule.get("useful")).longValue());
        assertEquals(noise, ((Number) rule.get("noise")).longValue());
        assertEquals(expected, ((Number) rule.get("expected")).longValue());
        assertEquals(1, expected, "the person's label replaced the import's");
        assertEquals(useful / (double) labelled, ((Number) rule.get("usefulShare")).doubleValue(), 1e-9);
        assertEquals(noise / (double) labelled, ((Number) rule.get("noiseShare")).doubleValue(), 1e-9);

        // the delay: from each sample that opened a finding to that finding's first firing
        checkDelays(s, row, mine, f -> Instant.parse((String) f.get("firstSeen")));
    }

    /** The delays from each finding's event to its first firing, against the rule's figures in the strategy. */
    private static void checkDelays(JsonPath s, String rule, List<Map<String, Object>> findings,
                                    java.util.function.Function<Map<String, Object>, Instant> event) {
        List<Double> delays = new ArrayList<>();
        for (Map<String, Object> f : findings) {
            Instant firedAt = Instant.parse(Api.viewer().get("/api/firings/" + f.get("firstFiring")).then().statusCode(200)
                    .extract().jsonPath().getString("firedAt"));
            delays.add(Duration.between(event.apply(f), firedAt).toNanos() / 1e9);
        }
        Collections.sort(delays);
        int k = delays.size();
        String path = "rules.find { it.rule == '" + rule + "' }.delay";
        assertEquals(k, s.getInt(path + ".measured"), rule);
        if (k == 0) {
            assertNull(s.get(path + ".medianSeconds"));
            return;
        }
        double median = k % 2 == 1 ? delays.get(k / 2) : (delays.get(k / 2 - 1) + delays.get(k / 2)) / 2;
        assertEquals(median, s.getDouble(path + ".medianSeconds"), 1e-3, rule);
        assertEquals(delays.get((int) Math.ceil(0.95 * k) - 1), s.getDouble(path + ".p95Seconds"), 1e-3, rule);
        assertEquals(delays.get(k - 1), s.getDouble(path + ".maxSeconds"), 1e-3, rule);
    }

    /**
     * A month's cost finding counts in the span its month lies in, and measures no delay (a month is no event); a day's
     * cost finding counts in its day's span, and its delay runs from the end of that day.
     */
    private static void checkCostRules(JsonPath s) {
        long days = 0;
        for (String rule : List.of("DailyCostThresholds_25", "DailyCostThresholds_26", "DailyCostThresholds_27")) {
            List<Map<String, Object>> inYear = findings(Map.of("rule", rule)).stream()
                    .filter(f -> String.valueOf(f.get("period")).startsWith(YEAR + "-")).toList();
            days += inYear.size();
            assertEquals(inYear.size(), s.getLong("rules.find { it.rule == '" + rule + "' }.findings"), rule);
            checkDelays(s, rule, inYear, f -> LocalDate.parse((String) f.get("period")).plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant());
        }
        assertTrue(days > 0, "the bill's days raise cost findings");

        List<Map<String, Object>> all = findings(Map.of("rule", "ServiceCostThresholds_42"));
        long inYear = all.stream().filter(f -> String.valueOf(f.get("period")).startsWith(YEAR + "-")).count();
        assertTrue(inYear > 0, "the FOCUS bill has services above $10 in its month");
        assertEquals(inYear, s.getLong("rules.find { it.rule == 'ServiceCostThresholds_42' }.findings"));
        assertEquals(0, s.getInt("rules.find { it.rule == 'ServiceCostThresholds_42' }.delay.measured"));
    }

    // ---- gaps

    private static void checkGaps(JsonPath s, String watched, String quiet) throws IOException {
        Map<String, Double> costs = new TreeMap<>();
        Map<String, Set<String>> days = new HashMap<>();
        for (CSVRecord r : focusUsage()) {
            costs.merge(r.get("ServiceName"), Double.parseDouble(r.get("BilledCost")), Double::sum);
            days.computeIfAbsent(r.get("ServiceName"), x -> new TreeSet<>()).add(r.get("ChargePeriodStart").substring(0, 10));
        }
        Map<String, Double> unwatched = new TreeMap<>();
        for (Map.Entry<String, Double> e : costs.entrySet()) {
            boolean named = findings(Map.of("resource", e.getKey(), "agent", "aws-usage")).stream().anyMatch(f ->
                    String.valueOf(f.get("period")).startsWith(YEAR + "-")
                            || f.get("period") == null && ((String) f.get("firstSeen")).startsWith(YEAR + "-"));
            if (!named) {
                unwatched.put(e.getKey(), e.getValue());
            }
        }
        assertFalse(unwatched.isEmpty(), "services below $10 a month raise nothing");
        assertTrue(unwatched.size() < costs.size(), "services above $10 a month are read");
        List<Map<String, Object>> listed = s.getList("gaps.unwatchedServices");
        Map<String, Double> answered = new TreeMap<>();
        listed.forEach(m -> answered.put((String) m.get("service"), ((Number) m.get("cost")).doubleValue()));
        assertEquals(unwatched.keySet(), answered.keySet());
        unwatched.forEach((service, cost) -> assertEquals(cost, answered.get(service), 1e-6, service));
        for (Map<String, Object> m : listed) {
            assertEquals(days.get((String) m.get("service")).size(), ((Number) m.get("days")).intValue(), m.toString());
        }
        for (int i = 1; i < listed.size(); i++) {
            assertTrue(((Number) listed.get(i - 1).get("cost")).doubleValue() >= ((Number) listed.get(i).get("cost")).doubleValue());
        }

        // the RDS series no rule reads is a gap; the EC2 series the test's row reads is not
        assertEquals(List.of(quiet), s.getList("gaps.unwatchedResources.resource"));
        assertEquals(NAMESPACE + "Quiet", s.getString("gaps.unwatchedResources[0].series[0].namespace"));
        assertEquals(4032, s.getInt("gaps.unwatchedResources[0].series[0].samples"));
        assertFalse(Api.viewer().queryParam("resource", watched).get("/api/firings").then().extract().jsonPath()
                .getList("items").isEmpty());
    }

    private static void checkRuleFacts(JsonPath s, String row) {
        String path = "gaps.ruleFacts.find { it.rule == '" + row + "' }";
        assertEquals("MetricSample", s.getString(path + ".factType"));
        assertEquals(NAMESPACE, s.getString(path + ".namespace"));
        assertEquals("Load", s.getString(path + ".metric"));
        assertEquals(YEAR + "-02-28T14:25:00Z", s.getString(path + ".newestData"));
        // ten months after the last sample, against three daily cycles: stopped
        assertEquals("stale", s.getString(path + ".status"));
        // the day after it, the facts are current
        JsonPath next = Api.viewer().queryParam("from", YEAR + "-02-01T00:00:00Z").queryParam("to", YEAR + "-03-01T00:00:00Z")
                .get(STRATEGY).then().statusCode(200).extract().jsonPath();
        assertEquals("current", next.getString(path + ".status"));
        // the security rules read facts the service does not keep as history
        assertEquals("not stored", s.getString("gaps.ruleFacts.find { it.rule == 'Unauthorized access' }.status"));
    }

    // ---- collection frequency

    private static void checkCollectors(JsonPath s) throws IOException {
        // CloudWatch: the two 5-minute series as stored
        List<List<Double>> metrics = List.of(values(nab("ec2_cpu_utilization_24ae8d.csv")), values(nab("rds_cpu_utilization_cc0c53.csv")));
        Map<String, Object> cw = s.getMap("collectors.find { it.collector == 'cloudwatch' }");
        assertEquals(2, ((Number) cw.get("series")).intValue());
        assertEquals(8064, ((Number) cw.get("points")).intValue());
        assertEquals(300.0, ((Number) cw.get("resolutionSeconds")).doubleValue(), 1e-9);
        Duration cwRecommended = checkChanges(s, "cloudwatch", metrics, 300);
        assertEquals(cwRecommended.toString(), cw.get("recommendedInterval"));
        assertNull(cw.get("monthlySaving"), "CloudWatch is not billed per request");

        // Cost Explorer: each account's services, their cost per day
        Map<String, Map<String, Double>> daily = new TreeMap<>();
        Map<String, Set<String>> regions = new TreeMap<>();
        for (CSVRecord r : focusUsage()) {
            String account = r.get("SubAccountId").equals("NULL") ? r.get("BillingAccountId") : r.get("SubAccountId");
            daily.computeIfAbsent(account + "|" + r.get("ServiceName"), k -> new TreeMap<>())
                    .merge(r.get("ChargePeriodStart").substring(0, 10), Double.parseDouble(r.get("BilledCost")), Double::sum);
            regions.computeIfAbsent(account, k -> new TreeSet<>()).add(r.get("RegionId"));
        }
        List<List<Double>> costs = daily.values().stream().map(m -> List.copyOf(m.values())).toList();
        Map<String, Object> ce = s.getMap("collectors.find { it.collector == 'cost-explorer' }");
        assertEquals(daily.size(), ((Number) ce.get("series")).intValue());
        assertEquals(costs.stream().mapToInt(List::size).sum(), ((Number) ce.get("points")).intValue());
        Duration ceRecommended = checkChanges(s, "cost-explorer", costs, 86_400);
        assertEquals(ceRecommended.toString(), ce.get("recommendedInterval"));
        long requests = regions.values().stream().mapToLong(r -> 4 + r.size()).sum();
        assertEquals(requests, ((Number) ce.get("requestsPerCollection")).longValue());
        double now = Math.round(30.0 * Duration.ofDays(1).toSeconds() / CYCLE.toSeconds() * requests) / 100.0;
        double then = Math.round(30.0 * Duration.ofDays(1).toSeconds() / ceRecommended.toSeconds() * requests) / 100.0;
        assertEquals(now, ((Number) ce.get("monthlyCostNow")).doubleValue(), 1e-9);
        assertEquals(then, ((Number) ce.get("monthlyCostRecommended")).doubleValue(), 1e-9);
        assertEquals(now - then, ((Number) ce.get("monthlySaving")).doubleValue(), 0.0051);
    }

    /** Checks each interval's change counts against the series; answers the recommended interval worked out here. */
    private static Duration checkChanges(JsonPath s, String collector, List<List<Double>> series, long resolution) {
        TreeMap<Integer, Duration> byLag = new TreeMap<>();
        List<Duration> candidates = new ArrayList<>(LADDER);
        candidates.add(CYCLE);
        for (Duration d : candidates) {
            if (d.compareTo(Duration.ofDays(1)) > 0 && !d.equals(CYCLE)) {
                continue; // log2.strategy.longest-interval
            }
            int lag = (int) (d.toSeconds() / resolution);
            if (lag >= 1) {
                byLag.merge(lag, d, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        List<Map<String, Object>> answered = s.getList("collectors.find { it.collector == '" + collector + "' }.changes");
        assertEquals(byLag.size(), answered.size());
        Duration recommended = null;
        boolean stopped = false;
        int i = 0;
        for (Map.Entry<Integer, Duration> e : byLag.entrySet()) {
            long pairs = 0;
            long changed = 0;
            for (List<Double> v : series) {
                for (int j = e.getKey(); j < v.size(); j++) {
                    double a = v.get(j - e.getKey());
                    double b = v.get(j);
                    pairs++;
                    changed += Math.abs(b - a) > TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) ? 1 : 0;
                }
            }
            Map<String, Object> a = answered.get(i++);
            assertEquals(e.getValue().toString(), a.get("interval"), collector);
            assertEquals(e.getKey().intValue(), ((Number) a.get("lag")).intValue(), collector);
            assertEquals(pairs, ((Number) a.get("pairs")).longValue(), collector + " " + e.getValue());
            assertEquals(changed, ((Number) a.get("changed")).longValue(), collector + " " + e.getValue());
            if (!stopped) {
                if (pairs == 0) {
                    stopped = true;
                } else if (changed / (double) pairs > MAX_SHARE) {
                    recommended = recommended == null ? Duration.ofSeconds(resolution) : recommended;
                    stopped = true;
                } else {
                    recommended = e.getValue();
                }
            }
        }
        assertNotNull(recommended);
        return recommended;
    }

    // ---- thresholds

    private static void checkThresholds(JsonPath s, long proposal) {
        JsonPath p = Api.viewer().get("/api/agents/aws-usage/proposals/" + proposal).then().statusCode(200).extract().jsonPath()
                .using(DOUBLES);
        String path = "thresholds.find { it.proposal == " + proposal + " }";
        assertEquals("person", s.getString(path + ".learner"));
        assertTrue(s.getBoolean(path + ".current"));
        assertEquals(p.getInt("backtest.before.alerts"), s.getInt(path + ".alertsBefore"));
        assertEquals(p.getInt("backtest.after.alerts"), s.getInt(path + ".alertsAfter"));
        assertEquals(p.getDouble("backtest.alertChange"), s.getDouble(path + ".alertChange"), 1e-9);
        assertTrue(s.getInt(path + ".alertsAfter") < s.getInt(path + ".alertsBefore"), "a higher threshold alerts less");
        assertEquals("1.5", s.getString(path + ".changes[0].cells.Threshold"));
    }

    // ---- seeding

    private static long propose(String row) {
        return Api.editor().contentType("application/json").body("{\"learner\":\"person\",\"reason\":\"fewer noise findings\","
                        + "\"changes\":[{\"kind\":\"CHANGE\",\"file\":\"thresholds.drl.xlsx\",\"table\":\"MetricThresholds\","
                        + "\"rowId\":\"" + row + "\",\"cells\":{\"Threshold\":\"1.5\"},\"reason\":\"fewer noise findings\"}]}")
                .post("/api/agents/aws-usage/proposals").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static void label(Map<String, Object> finding, String label) {
        Api.editor().contentType("application/json").body("{\"label\":\"" + label + "\"}")
                .post("/api/findings/" + finding.get("id") + "/feedback").then().statusCode(200);
    }

    private static List<Map<String, Object>> findings(Map<String, String> filter) {
        List<Map<String, Object>> out = new ArrayList<>();
        String cursor = null;
        do {
            var request = Api.viewer().queryParams(filter).queryParam("limit", 1000);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/findings").then().statusCode(200).extract().jsonPath();
            out.addAll(page.getList("items"));
            cursor = page.getString("next");
        } while (cursor != null);
        return out;
    }

    /** The FOCUS sample bill moved to this test's year. */
    private static String focus() throws IOException {
        return new String(resource("/data/focus/focus_sample.csv"), StandardCharsets.UTF_8).replace("\"2024-", "\"" + YEAR + "-");
    }

    /** The bill's rows the service keeps: AWS usage in USD. */
    private static List<CSVRecord> focusUsage() throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(focus()))
                .getRecords().stream().filter(r -> Set.of("AWS", "Amazon Web Services").contains(r.get("ProviderName"))
                        && r.get("ChargeCategory").equals("Usage") && r.get("BillingCurrency").equals("USD")).toList();
    }

    private static String nab(String file) throws IOException {
        return new String(resource("/data/nab-labelled/" + file), StandardCharsets.UTF_8).replace("2014-", YEAR + "-");
    }

    private static List<Double> values(String csv) {
        List<Double> out = new ArrayList<>();
        csv.lines().skip(1).filter(l -> !l.isBlank()).forEach(l -> out.add(Double.parseDouble(l.split(",")[1])));
        return out;
    }

    private static void importLabelled(String watched, String quiet) throws IOException {
        String windows = new String(resource("/data/nab-labelled/windows.json"), StandardCharsets.UTF_8).replace("2014-", YEAR + "-");
        JsonPath w = new JsonPath(windows);
        String shifted = new ObjectMapper().writeValueAsString(Map.of(
                "a.csv", w.getList("'ec2_cpu_utilization_24ae8d.csv'"), "b.csv", w.getList("'rds_cpu_utilization_cc0c53.csv'")));
        String targets = "{\"a.csv\": {\"namespace\": \"" + NAMESPACE + "\", \"metric\": \"Load\", \"resource\": \"" + watched + "\"},"
                + "\"b.csv\": {\"namespace\": \"" + NAMESPACE + "Quiet\", \"metric\": \"Load\", \"resource\": \"" + quiet + "\"}}";
        Map<String, byte[]> folder = new LinkedHashMap<>();
        folder.put("windows.json", shifted.getBytes(StandardCharsets.UTF_8));
        folder.put("targets.json", targets.getBytes(StandardCharsets.UTF_8));
        folder.put("a.csv", nab("ec2_cpu_utilization_24ae8d.csv").getBytes(StandardCharsets.UTF_8));
        folder.put("b.csv", nab("rds_cpu_utilization_cc0c53.csv").getBytes(StandardCharsets.UTF_8));
        Api.editor().multiPart("file", "strategy.zip", zip(folder), "application/zip")
                .post("/api/agents/aws-usage/imports/labelled").then().statusCode(200);
    }

    /** A row of this test's own, for a metric only it has, added in the spreadsheet as a user does. */
    private static void addRow(String row, double threshold) throws IOException {
        Path table = RulesFolderResource.rulesDir().resolve("aws-usage/thresholds.drl.xlsx");
        try (InputStream in = Files.newInputStream(table); Workbook wb = WorkbookFactory.create(in)) {
            Sheet sheet = wb.getSheetAt(0);
            sheet.shiftRows(18, sheet.getLastRowNum(), 1);
            sheet.createRow(18);
            Sheets.copyRow(sheet, 17, 18);
            sheet.getRow(18).getCell(1).setCellValue(threshold);
            sheet.getRow(18).getCell(2).setCellValue(NAMESPACE);
            sheet.getRow(18).getCell(3).setCellValue("Load");
            sheet.getRow(18).getCell(5).setCellValue("value");
            sheet.getRow(18).getCell(11).setCellValue(row);
            try (OutputStream out = Files.newOutputStream(table)) {
                wb.write(out);
            }
        }
        await().atMost(WAIT).until(() -> Api.viewer().get("/api/agents/aws-usage/strategy?from=2026-01-01T00:00:00Z")
                .then().statusCode(200).extract().jsonPath().getList("rules.rule").contains(row));
    }

    private static void restoreShippedRules(String row) throws IOException {
        RulesFolderResource.copy(Path.of("rules/aws-usage"), RulesFolderResource.rulesDir().resolve("aws-usage"));
        await().atMost(WAIT).until(() -> !Api.viewer().get("/api/agents/aws-usage/strategy?from=2026-01-01T00:00:00Z")
                .then().statusCode(200).extract().jsonPath().getList("rules.rule").contains(row));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = StrategyApiTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
