package io.log2.insights.analysis;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The log analysis of the aws-usage agent, seeded by running the agent on real data (NAB EC2 CPU series, imported and
 * evaluated by a monitoring cycle, and posted in runs with the inventory of an untagged instance and a public bucket),
 * checked against figures worked out here from the audit API's firings, runs and findings of the same span. Tests
 * run one after the other, so the span from just before the seeding to just after holds this test's runs only.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class LogAnalysisApiTest {

    private static final Path NAB = Path.of("src/test/resources/data/nab");

    @Test
    void patternsPerformanceAndSuccessMatchTheFiringsRunsAndFindingsOfTheSpan() throws IOException {
        String tag = Long.toString(System.nanoTime(), 36);
        Instant from = Instant.now();
        List<String> runIds = new ArrayList<>();

        // A NAB series imported and evaluated by a cycle (with the samples' features), as the agent runs in production.
        Api.editor().multiPart("file", "ec2_cpu_utilization_ac20cd.csv", Files.readAllBytes(NAB.resolve("ec2_cpu_utilization_ac20cd.csv")), "text/csv")
                .multiPart("namespace", "AWS/EC2").multiPart("metric", "CPUUtilization").multiPart("resource", "i-ac20cd-" + tag)
                .post("/api/agents/aws-usage/imports").then().statusCode(200);
        JsonPath cycle = Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200).extract().jsonPath();
        runIds.add(cycle.getString("runId"));

        // Runs of four-hour windows of another series, with the inventory of an untagged instance every third run and
        // of a public, unencrypted bucket every fourth.
        List<String[]> series = csv(NAB.resolve("ec2_cpu_utilization_77c1ca.csv"));
        for (int r = 0; r < 16; r++) {
            List<String> facts = new ArrayList<>();
            int start = r * (series.size() - 48) / 15;
            for (int i = start; i < start + 48; i++) {
                facts.add("{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\"i-77c1ca-"
                        + tag + "\",\"timestamp\":\"" + series.get(i)[0].replace(' ', 'T') + "Z\",\"value\":" + series.get(i)[1] + "}");
            }
            if (r % 3 == 0) {
                facts.add("{\"type\":\"ResourceState\",\"resourceType\":\"AWS::EC2::Instance\",\"resource\":\"i-untagged-" + tag
                        + "\",\"region\":\"eu-west-1\",\"tags\":{}}");
            }
            if (r % 4 == 0) {
                facts.add("{\"type\":\"ResourceState\",\"resourceType\":\"AWS::S3::Bucket\",\"resource\":\"bucket-" + tag
                        + "\",\"region\":\"eu-west-1\",\"publicAccess\":true,\"encrypted\":false,\"tags\":{\"owner\":\"data\"}}");
            }
            runIds.add(Api.editor().contentType("application/json").body("{\"facts\":[" + String.join(",", facts) + "]}")
                    .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath().getString("runId"));
        }

        // Labels on three of the span's findings.
        List<Map<String, Object>> findings = pages("/api/findings", from, Instant.now().plusSeconds(1));
        String[] labels = {"useful", "noise", "expected"};
        for (int i = 0; i < Math.min(3, findings.size()); i++) {
            Api.editor().contentType("application/json").body("{\"label\":\"" + labels[i] + "\"}")
                    .post("/api/findings/" + findings.get(i).get("id") + "/feedback").then().statusCode(200);
        }
        Instant to = Instant.now().plusMillis(1);

        JsonPath analysis = analysis(from, to);

        // Worked out from the audit API.
        List<Map<String, Object>> firings = pages("/api/firings", from, to);
        int n = runIds.size();
        assertEquals(n, analysis.getInt("runs"));
        Map<String, List<Map<String, Object>>> byRule = firings.stream()
                .collect(Collectors.groupingBy(f -> (String) f.get("rule"), TreeMap::new, Collectors.toList()));
        Map<String, Map<String, Integer>> firstSeq = new HashMap<>(); // run -> rule -> its first firing's seq
        for (Map<String, Object> f : firings) {
            firstSeq.computeIfAbsent((String) f.get("runId"), k -> new HashMap<>())
                    .merge((String) f.get("rule"), (Integer) f.get("seq"), Math::min);
        }
        Map<String, Long> runsOf = new TreeMap<>();
        firstSeq.values().forEach(rules -> rules.keySet().forEach(rule -> runsOf.merge(rule, 1L, Long::sum)));
        assertTrue(byRule.size() >= 4, "the seeding makes at least four rules fire: " + byRule.keySet());

        // Firings over time, profiles, runs per rule.
        assertEquals("hour", analysis.getString("patterns.bucket"));
        List<Map<String, Object>> overTime = analysis.getList("patterns.firingsOverTime");
        assertEquals(byRule.keySet(), overTime.stream().map(s -> (String) s.get("rule")).collect(Collectors.toSet()));
        for (Map<String, Object> s : overTime) {
            String rule = (String) s.get("rule");
            assertEquals(byRule.get(rule).size(), ((Number) s.get("firings")).intValue(), rule);
            assertEquals(runsOf.get(rule).intValue(), ((Number) s.get("runs")).intValue(), rule);
            long inBuckets = ((List<Map<String, Object>>) s.get("buckets")).stream()
                    .mapToLong(b -> ((Number) b.get("firings")).longValue()).sum();
            assertEquals(byRule.get(rule).size(), inBuckets, rule);
        }
        for (Map<String, Object> p : analysis.<Map<String, Object>>getList("patterns.hourOfDay")) {
            long[] expected = new long[24];
            byRule.get((String) p.get("rule")).forEach(f -> expected[Instant.parse((String) f.get("firedAt")).atZone(ZoneOffset.UTC).getHour()]++);
            assertEquals(toList(expected), numbers(p.get("firings")), (String) p.get("rule"));
        }
        for (Map<String, Object> p : analysis.<Map<String, Object>>getList("patterns.dayOfWeek")) {
            long[] expected = new long[7];
            byRule.get((String) p.get("rule")).forEach(f -> expected[Instant.parse((String) f.get("firedAt")).atZone(ZoneOffset.UTC)
                    .getDayOfWeek().getValue() - 1]++);
            assertEquals(toList(expected), numbers(p.get("firings")), (String) p.get("rule"));
        }

        // Co-firing pairs with support, confidence and lift, and ordered sequences, counted here run by run.
        Map<Set<String>, Long> together = new HashMap<>();
        Map<List<String>, Long> ordered = new HashMap<>();
        for (Map<String, Integer> rules : firstSeq.values()) {
            for (String a : rules.keySet()) {
                for (String b : rules.keySet()) {
                    if (a.compareTo(b) < 0) {
                        together.merge(Set.of(a, b), 1L, Long::sum);
                    }
                    if (!a.equals(b) && rules.get(a) < rules.get(b)) {
                        ordered.merge(List.of(a, b), 1L, Long::sum);
                    }
                }
            }
        }
        List<Map<String, Object>> pairs = analysis.getList("patterns.coFiring");
        assertEquals(Math.min(FiringPatterns.MAX_PAIRS, together.size()), pairs.size());
        assertFalse(pairs.isEmpty());
        for (Map<String, Object> p : pairs) {
            String a = (String) p.get("rule");
            String b = (String) p.get("with");
            long ab = together.get(Set.of(a, b));
            assertEquals(ab, ((Number) p.get("runs")).longValue(), a + " & " + b);
            assertEquals((double) ab / n, ((Number) p.get("support")).doubleValue(), 1e-4, a + " & " + b);
            assertEquals((double) ab / runsOf.get(a), ((Number) p.get("confidence")).doubleValue(), 1e-4, a + " & " + b);
            assertEquals((double) ab * n / (runsOf.get(a) * runsOf.get(b)), ((Number) p.get("lift")).doubleValue(), 1e-3,
                    a + " & " + b);
        }
        List<Map<String, Object>> sequences = analysis.getList("patterns.sequences");
        assertEquals(Math.min(FiringPatterns.MAX_PAIRS, ordered.size()), sequences.size());
        for (Map<String, Object> s : sequences) {
            List<String> key = List.of((String) s.get("first"), (String) s.get("then"));
            assertEquals(ordered.get(key), ((Number) s.get("runs")).longValue(), key.toString());
        }

        // Rules of the active version that never fired, and rules on nearly every run.
        int activeRules = Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath().getInt("rules");
        List<String> never = analysis.getList("patterns.neverFired");
        assertEquals(activeRules - byRule.size(), never.size());
        assertTrue(never.contains("LearnedSignals_60"), never.toString());
        never.forEach(rule -> assertFalse(byRule.containsKey(rule), rule));
        Set<String> everyRun = runsOf.entrySet().stream().filter(e -> e.getValue() >= 0.95 * n).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertEquals(everyRun, analysis.<Map<String, Object>>getList("patterns.nearlyEveryRun").stream()
                .map(r -> (String) r.get("rule")).collect(Collectors.toSet()));

        // Consequence times per rule.
        List<Map<String, Object>> times = analysis.getList("performance.rules");
        assertEquals(byRule.size(), times.size());
        for (Map<String, Object> t : times) {
            List<Long> durations = byRule.get((String) t.get("rule")).stream()
                    .map(f -> ((Number) f.get("durationNanos")).longValue()).sorted().toList();
            assertEquals(durations.size(), ((Number) t.get("firings")).intValue());
            // Percentiles are read from log-scale buckets: within 5% of PERCENTILE_CONT over the firings themselves.
            double p50 = percentile(durations, 0.5);
            double p95 = percentile(durations, 0.95);
            assertEquals(0.05, analysis.getDouble("performance.rulePercentileError"));
            assertEquals(p50, ((Number) t.get("p50Nanos")).doubleValue(), 0.05 * p50 + 0.051, (String) t.get("rule"));
            assertEquals(p95, ((Number) t.get("p95Nanos")).doubleValue(), 0.05 * p95 + 0.051, (String) t.get("rule"));
            assertEquals(durations.get(durations.size() - 1), ((Number) t.get("maxNanos")).longValue());
            assertEquals(durations.stream().mapToLong(Long::longValue).average().orElseThrow(),
                    ((Number) t.get("meanNanos")).doubleValue(), 0.051, (String) t.get("rule"));
        }

        // Run durations and facts per second, from the runs themselves.
        List<JsonPath> runs = runIds.stream().map(id -> Api.viewer().queryParam("limit", 1).get("/api/runs/" + id)
                .then().statusCode(200).extract().jsonPath()).toList();
        List<Long> runNanos = runs.stream().map(r -> r.getLong("durationNanos")).sorted().toList();
        long facts = runs.stream().mapToLong(r -> r.getLong("factCount")).sum();
        assertEquals(n, analysis.getInt("performance.runs.runs"));
        assertEquals(percentile(runNanos, 0.5) / 1e6, analysis.getDouble("performance.runs.p50Millis"), 0.001);
        assertEquals(percentile(runNanos, 0.95) / 1e6, analysis.getDouble("performance.runs.p95Millis"), 0.001);
        assertEquals(runNanos.get(n - 1) / 1e6, analysis.getDouble("performance.runs.maxMillis"), 0.001);
        assertEquals(facts * 1e9 / runNanos.stream().mapToLong(Long::longValue).sum(),
                analysis.getDouble("performance.runs.factsPerSecond"), 0.1);
        // The cycle: one, complete, its collection time no longer than itself.
        assertEquals(1, analysis.getInt("performance.cycleSeconds.cycles"));
        assertEquals(List.of("complete"), analysis.getList("success.cyclesByStatus.status"));
        assertEquals(List.of(1), analysis.getList("success.cyclesByStatus.count"));
        assertEquals(List.of("complete"), analysis.getList("success.runsByStatus.status"));
        assertEquals(List.of(n), analysis.getList("success.runsByStatus.count"));
        assertTrue(analysis.getDouble("performance.collectionSeconds.max") <= analysis.getDouble("performance.cycleSeconds.max"));

        // Success: every run complete, nothing thrown or aborted; labels per rule as the findings list shows them.
        assertEquals(n, analysis.getInt("success.completeRuns"));
        assertEquals(1.0, analysis.getDouble("success.completeShare"));
        assertEquals(List.of(), analysis.getList("errors.ruleExceptions"));
        assertEquals(List.of(), analysis.getList("errors.abortedRuns"));
        Map<String, Map<String, Long>> expectedLabels = new TreeMap<>();
        for (Map<String, Object> f : pages("/api/findings", from, to)) {
            expectedLabels.computeIfAbsent((String) f.get("rule"), k -> new TreeMap<>())
                    .merge(f.get("label") == null ? "none" : (String) f.get("label"), 1L, Long::sum);
        }
        List<Map<String, Object>> labelled = analysis.getList("success.labels");
        assertEquals(expectedLabels.keySet(), labelled.stream().map(l -> (String) l.get("rule")).collect(Collectors.toSet()));
        long labelledCount = 0;
        for (Map<String, Object> l : labelled) {
            Map<String, Long> e = expectedLabels.get((String) l.get("rule"));
            long total = e.values().stream().mapToLong(Long::longValue).sum();
            assertEquals(total, ((Number) l.get("findings")).longValue());
            for (String label : List.of("useful", "noise", "expected", "none")) {
                long count = e.getOrDefault(label, 0L);
                assertEquals(count, ((Number) l.get(label)).longValue(), l.get("rule") + " " + label);
                assertEquals((double) count / total, ((Number) l.get(label + "Share")).doubleValue(), 1e-4);
            }
            labelledCount += total - e.getOrDefault("none", 0L);
        }
        assertEquals(Math.min(3, findings.size()), labelledCount);
    }

    @Test
    void ruleExceptionsAndAbortedRunsAreCountedByTypeWithTheirFirstAndLastOccurrence() throws IOException {
        Path folder = RulesFolderResource.rulesDir().resolve("aws-usage");
        String drl = String.join("\n",
                "package io.log2.rules.analysisfaults",
                "import io.log2.agents.awsusage.MetricSample",
                "global io.log2.logic.Findings findings",
                "rule \"Quota check\" @severity(\"low\") @category(\"performance\")",
                "when $m : MetricSample( resource == \"i-quota\" ) then",
                "    throw new IllegalStateException(\"no quota\");",
                "end",
                "rule \"Loops on its fact\" @severity(\"low\") @category(\"performance\")",
                "when $m : MetricSample( resource == \"i-loops\" ) then",
                "    findings.alert(kcontext, $m);",
                "    update($m);",
                "end");
        Api.editor().contentType("application/octet-stream").body(drl.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .put("/api/agents/aws-usage/files/analysis-faults.drl").then().statusCode(200);
        try {
            Instant from = Instant.now();
            List<JsonPath> runs = new ArrayList<>();
            runs.add(runOf(cpu("i-quota", 10.0)));
            runs.add(runOf(cpu("i-quota", 12.0), cpu("i-quota", 14.0)));
            runs.add(runOf(cpu("i-loops", 20.0)));
            Instant to = Instant.now().plusMillis(1);
            assertEquals(List.of("complete", "complete", "aborted"), runs.stream().map(r -> r.getString("status")).toList());

            JsonPath analysis = analysis(from, to);
            List<Map<String, Object>> thrown = pages("/api/firings", from, to).stream()
                    .filter(f -> f.get("error") != null).sorted(Comparator.comparing(f -> (String) f.get("firedAt"))).toList();
            assertEquals(3, thrown.size());
            assertEquals(1, analysis.getList("errors.ruleExceptions").size());
            assertEquals("Quota check", analysis.getString("errors.ruleExceptions[0].rule"));
            assertEquals("java.lang.IllegalStateException", analysis.getString("errors.ruleExceptions[0].type"));
            assertEquals(3, analysis.getInt("errors.ruleExceptions[0].count"));
            assertEquals(Instant.parse((String) thrown.get(0).get("firedAt")),
                    Instant.parse(analysis.getString("errors.ruleExceptions[0].first")));
            assertEquals(Instant.parse((String) thrown.get(2).get("firedAt")),
                    Instant.parse(analysis.getString("errors.ruleExceptions[0].last")));

            JsonPath aborted = Api.viewer().queryParam("limit", 1).get("/api/runs/" + runs.get(2).getString("runId"))
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(1, analysis.getList("errors.abortedRuns").size());
            assertEquals(aborted.getString("problems[0]").substring("aborted: ".length()),
                    analysis.getString("errors.abortedRuns[0].type"));
            assertEquals(1, analysis.getInt("errors.abortedRuns[0].count"));
            assertEquals(Instant.parse(aborted.getString("startedAt")), Instant.parse(analysis.getString("errors.abortedRuns[0].first")));
            assertEquals(3, analysis.getInt("runs"));
            assertEquals(2, analysis.getInt("success.completeRuns"));
            assertEquals(0.6667, analysis.getDouble("success.completeShare"), 1e-4);
            assertEquals(20_000, analysis.<Map<String, Object>>getList("performance.rules").stream()
                    .filter(r -> r.get("rule").equals("Loops on its fact")).mapToInt(r -> ((Number) r.get("firings")).intValue())
                    .sum());
        } finally {
            Files.deleteIfExists(folder.resolve("analysis-faults.drl"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).until(() -> !Api.viewer()
                    .get("/api/agents/aws-usage").then().extract().jsonPath().getList("activeVersion.files")
                    .contains("analysis-faults.drl"));
        }
    }

    @Test
    void badSpansAreRefusedNamingTheParameterAndAnUnknownAgentIsNotFound() {
        Api.viewer().queryParam("from", "yesterday").get("/api/agents/aws-usage/analysis").then().statusCode(400)
                .contentType("application/problem+json").body("where", equalTo("from"))
                .body("detail", containsString("ISO-8601"));
        Api.viewer().queryParam("to", "2026-13-01T00:00:00Z").get("/api/agents/aws-usage/analysis").then().statusCode(400)
                .body("where", equalTo("to"));
        Api.viewer().queryParam("from", "2026-11-20T00:00:00Z").queryParam("to", "2026-11-19T00:00:00Z")
                .get("/api/agents/aws-usage/analysis").then().statusCode(400).body("where", equalTo("from"))
                .body("detail", containsString("before"));
        Api.viewer().queryParam("from", "2024-01-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .get("/api/agents/aws-usage/analysis").then().statusCode(400).body("where", equalTo("to"));
        Api.viewer().get("/api/agents/no-such-agent/analysis").then().statusCode(404)
                .contentType("application/problem+json").body("title", equalTo("Unknown agent"));
        io.restassured.RestAssured.given().get("/api/agents/aws-usage/analysis").then().statusCode(401);
        // Without from and to: the last 30 days.
        JsonPath analysis = Api.viewer().get("/api/agents/aws-usage/analysis").then().statusCode(200).extract().jsonPath();
        assertEquals(30L * 24 * 3600, Instant.parse(analysis.getString("to")).getEpochSecond()
                - Instant.parse(analysis.getString("from")).getEpochSecond());
        assertEquals("day", analysis.getString("patterns.bucket"));
        assertNotNull(analysis.get("millis.patterns"));
    }

    /** The analysis of the span, its fractions read as doubles (not floats, which would round them). */
    private static JsonPath analysis(Instant from, Instant to) {
        return Api.viewer().queryParam("from", from.toString()).queryParam("to", to.toString())
                .get("/api/agents/aws-usage/analysis").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static String cpu(String resource, double value) {
        return "{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\"" + resource
                + "\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":" + value + "}";
    }

    private static JsonPath runOf(String... facts) {
        return Api.editor().contentType("application/json").body("{\"facts\":[" + String.join(",", facts) + "]}")
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    /** Every item of an audit list for the agent and span, page after page. */
    private static List<Map<String, Object>> pages(String path, Instant from, Instant to) {
        List<Map<String, Object>> items = new ArrayList<>();
        String cursor = null;
        do {
            var request = Api.viewer().queryParam("agent", "aws-usage").queryParam("from", from.toString())
                    .queryParam("to", to.toString()).queryParam("limit", 1000);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(path).then().statusCode(200).extract().jsonPath();
            items.addAll(page.getList("items"));
            cursor = page.getString("next");
        } while (cursor != null);
        return items;
    }

    /** The percentile as PERCENTILE_CONT computes it: linear between the two nearest values. */
    private static double percentile(List<Long> sorted, double q) {
        double at = q * (sorted.size() - 1);
        int low = (int) Math.floor(at);
        int high = (int) Math.ceil(at);
        return sorted.get(low) + (at - low) * (sorted.get(high) - sorted.get(low));
    }

    private static List<String[]> csv(Path file) throws IOException {
        return Files.readAllLines(file).stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
    }

    private static List<Long> toList(long[] values) {
        List<Long> out = new ArrayList<>();
        for (long v : values) {
            out.add(v);
        }
        return out;
    }

    private static List<Long> numbers(Object list) {
        return ((List<?>) list).stream().map(v -> ((Number) v).longValue()).toList();
    }
}
