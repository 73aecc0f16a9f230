package io.log2.api;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Deduplicated findings through the API: their lifecycle, episodes of a real series, filters, paging, roles. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class FindingsApiTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @Inject
    DataSource dataSource;

    private static String cpu(String resource, Instant at, double value) {
        return "{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\"" + resource
                + "\",\"timestamp\":\"" + at + "\",\"value\":" + value + "}";
    }

    private static JsonPath post(String body) {
        return Api.editor().contentType("application/json").body(body)
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath runOf(String... facts) {
        return post(run(facts));
    }

    private static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    /** Every finding on a resource, oldest first, paged through the API. */
    private static List<Map<String, Object>> findingsOn(String resource) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            var request = Api.viewer().queryParam("resource", resource).queryParam("limit", 50);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/findings").then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items"));
            cursor = page.getString("next");
        } while (cursor != null);
        java.util.Collections.reverse(all);
        return all;
    }

    @Test
    void theSameConditionSeenAgainUpdatesItsFindingAndTheFirstSampleBelowResolvesIt() {
        String resource = unique("i-life");
        JsonPath first = runOf(cpu(resource, T, 93.0));
        long id = first.getLong("findings[0].id");
        assertEquals("opened", first.getString("findings[0].action"));

        JsonPath second = runOf(cpu(resource, T.plusSeconds(300), 95.5));
        assertEquals(id, second.getLong("findings[0].id"), "the same finding, not a new one");
        assertEquals("updated", second.getString("findings[0].action"));
        assertEquals("open", second.getString("findings[0].state"));
        assertEquals("EC2 CPU 95.5% on " + resource + " is above the 80% threshold", second.getString("findings[0].message"));

        JsonPath finding = Api.viewer().get("/api/findings/" + id).then().statusCode(200)
                .body("state", equalTo("open")).body("count", equalTo(2)).body("agent", equalTo("aws-usage"))
                .body("kind", equalTo("alert")).body("severity", equalTo("high")).body("category", equalTo("resource"))
                .body("resolvedAt", nullValue()).body("value", equalTo(95.5f)).body("fingerprint", notNullValue())
                .extract().jsonPath();
        assertEquals(T, Instant.parse(finding.getString("firstSeen")));
        assertEquals(T.plusSeconds(300), Instant.parse(finding.getString("lastSeen")));
        assertEquals(first.getString("runId"), finding.getString("firstRunId"));
        assertEquals(second.getString("runId"), finding.getString("lastRunId"));
        // Its first and last firing: the rule, row, version and matched facts of "why did this alert fire?".
        Api.viewer().get("/api/firings/" + finding.getLong("firstFiring")).then().statusCode(200)
                .body("runId", equalTo(first.getString("runId"))).body("facts[0].value", equalTo(93.0f));
        Api.viewer().get("/api/firings/" + finding.getLong("lastFiring")).then().statusCode(200)
                .body("runId", equalTo(second.getString("runId"))).body("row", equalTo(finding.getInt("row")))
                .body("version", equalTo(finding.getInt("version"))).body("facts[0].value", equalTo(95.5f));

        JsonPath third = runOf(cpu(resource, T.plusSeconds(600), 40.0), cpu(resource, T.plusSeconds(900), 97.0));
        assertEquals(2, third.getList("findings").size());
        assertEquals(id, third.getLong("findings[0].id"));
        assertEquals("resolved", third.getString("findings[0].action"));
        assertEquals("opened", third.getString("findings[1].action"), "a breach after the resolution is a new finding");
        assertEquals("open", third.getString("findings[1].state"));
        Api.viewer().get("/api/findings/" + id).then().statusCode(200)
                .body("state", equalTo("resolved")).body("count", equalTo(2))
                .body("resolvedAt", equalTo(T.plusSeconds(600).toString()))
                .body("resolvedBy", equalTo(third.getString("runId")));
        // Every firing is still logged.
        Api.viewer().queryParam("resource", resource).get("/api/firings").then().body("items", hasSize(3));
    }

    /** The maximal runs of consecutive samples above 80 in a NAB series, counted from the file itself. */
    private static List<Instant[]> episodes(List<String[]> rows) {
        List<Instant[]> episodes = new ArrayList<>();
        Instant start = null;
        Instant previous = null;
        for (String[] row : rows) {
            Instant at = Instant.parse(row[0]);
            boolean above = Double.parseDouble(row[1]) > 80.0;
            if (above && start == null) {
                start = at;
            } else if (!above && start != null) {
                episodes.add(new Instant[] {start, previous, at});
                start = null;
            }
            previous = at;
        }
        if (start != null) {
            episodes.add(new Instant[] {start, previous, null});
        }
        return episodes;
    }

    private static List<String[]> nabSeries(String id) throws Exception {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        try (InputStream in = FindingsApiTest.class.getResourceAsStream("/data/nab/ec2_cpu_utilization_" + id + ".csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(","))
                    .map(c -> new String[] {LocalDateTime.parse(c[0], format).toInstant(ZoneOffset.UTC).toString(), c[1]})
                    .toList();
        }
    }

    @Test
    void aRealSeriesInTwoRunsIsOneFindingPerEpisodeOfConsecutiveBreaches() throws Exception {
        List<String[]> rows = nabSeries("77c1ca");
        List<Instant[]> expected = episodes(rows);
        assertTrue(expected.size() > 100, "the series has many episodes: " + expected.size());
        // Split the series inside an episode, so that one finding spans both runs.
        Instant[] spanning = expected.stream().filter(e -> e[1].isAfter(e[0])).skip(expected.size() / 3).findFirst().orElseThrow();
        int split = 0;
        while (!Instant.parse(rows.get(split)[0]).isAfter(spanning[0])) {
            split++;
        }
        String resource = unique("i-nab-77c1ca");
        List<String> facts = new ArrayList<>();
        rows.forEach(r -> facts.add(cpu(resource, Instant.parse(r[0]), Double.parseDouble(r[1]))));
        JsonPath firstRun = runOf(facts.subList(0, split).toArray(String[]::new));
        JsonPath secondRun = runOf(facts.subList(split, facts.size()).toArray(String[]::new));
        // The episode at the split goes on in the second run, which sees it again and then resolves it.
        List<Long> firstIds = firstRun.getList("findings.id", Long.class);
        assertEquals(firstIds.get(firstIds.size() - 1), secondRun.getLong("findings[0].id"));
        assertEquals("open", firstRun.getString("findings[-1].state"));
        assertEquals("resolved", secondRun.getString("findings[0].action"));
        assertTrue(secondRun.getInt("findings[0].seen") > 0);

        List<Map<String, Object>> findings = findingsOn(resource);
        assertEquals(expected.size(), findings.size());
        long breaches = rows.stream().filter(r -> Double.parseDouble(r[1]) > 80.0).count();
        assertEquals(breaches, firstRun.getInt("firingCount") + secondRun.getInt("firingCount"), "every breach is still a firing");
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> f = findings.get(i);
            Instant[] e = expected.get(i);
            assertEquals(e[0].toString(), f.get("firstSeen"), "episode " + i);
            assertEquals(e[1].toString(), f.get("lastSeen"), "episode " + i);
            assertEquals(e[2] == null ? null : e[2].toString(), f.get("resolvedAt"), "episode " + i);
            assertEquals(e[2] == null ? "open" : "resolved", f.get("state"), "episode " + i);
            long length = rows.stream().map(r -> Instant.parse(r[0])).filter(t -> !t.isBefore(e[0]) && !t.isAfter(e[1])).count();
            assertEquals(length, ((Number) f.get("count")).longValue(), "episode " + i);
        }
    }

    @Test
    void pagesStayStableWhileNewFindingsArrive() throws Exception {
        for (int i = 0; i < 9; i++) {
            runOf(ec2Cpu(unique("i-stable"), 91.0));
        }
        long newest = Api.viewer().queryParam("limit", 1).get("/api/findings").jsonPath().getLong("items[0].id");
        List<Long> expected = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM finding WHERE id <= ? ORDER BY id DESC")) {
            ps.setLong(1, newest);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && expected.size() < 9) {
                    expected.add(rs.getLong(1));
                }
            }
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 3; page++) {
            var request = Api.viewer().queryParam("limit", 3);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath p = request.get("/api/findings").then().statusCode(200).extract().jsonPath();
            seen.addAll(p.getList("items.id", Long.class));
            cursor = p.getString("next");
            assertNotNull(cursor);
            if (page == 0) {
                assertEquals(newest, seen.get(0), "nothing was opened between the first look and the first page");
            }
            // New findings (newer than anything listed) arrive between two pages: they must not shift this listing.
            runOf(ec2Cpu(unique("i-noise"), 97.0), ec2Cpu(unique("i-noise"), 98.0));
        }
        assertEquals(expected, seen);
        assertEquals(9, new HashSet<>(seen).size());
    }

    @Test
    void filtersNarrowTheList() {
        String resource = unique("i-filter");
        Instant before = Instant.now();
        String runId = runOf(cpu(resource, T, 99.0), cpu(resource, T.plusSeconds(60), 10.0), cpu(resource, T.plusSeconds(120), 90.0))
                .getString("runId");
        Api.viewer().queryParam("resource", resource).get("/api/findings").then().statusCode(200).body("items", hasSize(2));
        Api.viewer().queryParam("resource", resource).queryParam("state", "open").get("/api/findings").then()
                .body("items", hasSize(1)).body("items[0].firstSeen", equalTo(T.plusSeconds(120).toString()));
        Api.viewer().queryParam("resource", resource).queryParam("state", "resolved").get("/api/findings").then()
                .body("items", hasSize(1)).body("items[0].resolvedBy", equalTo(runId));
        Api.viewer().queryParam("resource", resource).queryParam("agent", "aws-usage").queryParam("severity", "high")
                .queryParam("category", "resource").queryParam("rule", "MetricThresholds_11").get("/api/findings").then()
                .body("items", hasSize(2)).body("items.resource", everyItem(equalTo(resource)));
        Api.viewer().queryParam("resource", resource).queryParam("severity", "low").get("/api/findings").then()
                .body("items", hasSize(0));
        Api.viewer().queryParam("resource", resource).queryParam("category", "cost").get("/api/findings").then()
                .body("items", hasSize(0));
        Api.viewer().queryParam("resource", resource).queryParam("agent", "other-agent").get("/api/findings").then()
                .body("items", hasSize(0));
        // from and to: findings seen within [from, to), on the facts' time.
        Api.viewer().queryParam("resource", resource).queryParam("from", T.plusSeconds(61).toString()).get("/api/findings")
                .then().body("items", hasSize(1)).body("items[0].state", equalTo("open"));
        Api.viewer().queryParam("resource", resource).queryParam("to", T.plusSeconds(61).toString()).get("/api/findings")
                .then().body("items", hasSize(1)).body("items[0].state", equalTo("resolved"));
        Api.viewer().queryParam("resource", resource).queryParam("from", T.toString())
                .queryParam("to", T.plusSeconds(1).toString()).get("/api/findings").then().body("items", hasSize(1));
        Api.viewer().queryParam("resource", resource).queryParam("from", before.toString()).get("/api/findings")
                .then().body("items", hasSize(0));
    }

    @Test
    void badParametersAreProblems() {
        Api.viewer().queryParam("state", "closed").get("/api/findings").then().statusCode(400)
                .contentType("application/problem+json").body("where", equalTo("state"));
        Api.viewer().queryParam("limit", 0).get("/api/findings").then().statusCode(400).body("where", equalTo("limit"));
        Api.viewer().queryParam("limit", 1001).get("/api/findings").then().statusCode(400).body("where", equalTo("limit"));
        Api.viewer().queryParam("limit", "ten").get("/api/findings").then().statusCode(400).body("where", equalTo("limit"));
        Api.viewer().queryParam("from", "yesterday").get("/api/findings").then().statusCode(400).body("where", equalTo("from"));
        Api.viewer().queryParam("to", "2026-13-01").get("/api/findings").then().statusCode(400).body("where", equalTo("to"));
        Api.viewer().queryParam("cursor", "%%%").get("/api/findings").then().statusCode(400).body("where", equalTo("cursor"));
        Api.viewer().get("/api/findings/abc").then().statusCode(404).contentType("application/problem+json");
        Api.viewer().get("/api/findings/999999999").then().statusCode(404).contentType("application/problem+json");
        Api.viewer().get("/api/runs/no-such-run/findings").then().statusCode(404).contentType("application/problem+json");
        Api.viewer().queryParam("limit", 0).get("/api/runs/no-such-run").then().statusCode(400).body("where", equalTo("limit"));
    }

    @Test
    void everyRoleReadsFindingsAndNobodyElse() {
        long id = runOf(ec2Cpu(unique("i-roles"), 92.0)).getLong("findings[0].id");
        for (String role : new String[] {"viewer", "editor", "approver"}) {
            Api.as(role).get("/api/findings").then().statusCode(200);
            Api.as(role).get("/api/findings/" + id).then().statusCode(200);
        }
        Api.admin().get("/api/findings/" + id).then().statusCode(200);
        RestAssured.given().get("/api/findings").then().statusCode(401).contentType("application/problem+json");
        RestAssured.given().get("/api/findings/" + id).then().statusCode(401);
        RestAssured.given().auth().preemptive().basic("viewer-user", "wrong").get("/api/findings").then().statusCode(401);
    }

    @Test
    void aRunPagesItsFindingsWithALinkToTheRest() {
        StringBuilder facts = new StringBuilder();
        String prefix = unique("i-many");
        for (int i = 0; i < 1003; i++) {
            facts.append(i == 0 ? "" : ",").append(cpu(prefix + "-" + i, T, 90.0 + i % 10));
        }
        JsonPath run = post("{\"facts\":[" + facts + "]}");
        String runId = run.getString("runId");
        assertEquals(1003, run.getInt("firingCount"));
        assertEquals(1000, run.getList("findings").size(), "a run's answer lists at most 1000 findings");
        String more = run.getString("moreFindings");
        assertNotNull(more);
        JsonPath rest = Api.viewer().get(more).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(prefix + "-1000", prefix + "-1001", prefix + "-1002"), rest.getList("items.resource", String.class));
        assertNull(rest.getString("next"));

        JsonPath stored = Api.viewer().queryParam("limit", 2).get("/api/runs/" + runId).then().statusCode(200)
                .body("findings", hasSize(2)).body("firings", hasSize(2)).extract().jsonPath();
        assertEquals(run.getList("findings.id").subList(0, 2), stored.getList("findings.id"));
        List<Object> paged = new ArrayList<>(stored.getList("findings.id"));
        String next = stored.getString("moreFindings");
        int pages = 0;
        while (next != null && pages++ < 3) {
            JsonPath page = Api.viewer().get(next + "&limit=400").then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("items.id"));
            next = page.getString("next") == null ? null : "/api/runs/" + runId + "/findings?cursor=" + page.getString("next");
        }
        assertNull(next);
        assertEquals(1003, paged.size());
        assertEquals(1003, new HashSet<>(paged).size());
        assertEquals(run.getList("findings.id"), paged.subList(0, 1000), "in the order the run touched them");
    }

    @Test
    void countsAreWhatPagingThroughTheFindingsWouldCount() {
        String noisy = unique("i-count");
        String plain = unique("i-count");
        runOf(cpu(noisy, T, 96.0), cpu(plain, T, 97.0));
        long labelled = ((Number) findingsOn(noisy).get(0).get("id")).longValue();
        Api.editor().contentType("application/json").body("{\"label\":\"noise\"}")
                .post("/api/findings/" + labelled + "/feedback").then().statusCode(200);

        JsonPath one = Api.viewer().queryParam("resource", noisy).queryParam("by", "label").get("/api/findings/counts")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1, one.getInt("total"));
        assertEquals(List.of(Map.of("key", Map.of("label", "noise"), "count", 1)), one.getList("groups"));
        Api.viewer().queryParam("resource", plain).queryParam("by", "label").get("/api/findings/counts").then()
                .statusCode(200).body("groups[0].key.label", equalTo("none"));

        // the whole open set, grouped two ways, against the list itself
        Map<String, Integer> listed = new java.util.TreeMap<>();
        String cursor = null;
        do {
            var request = Api.viewer().queryParam("state", "open").queryParam("limit", 1000);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/findings").then().statusCode(200).extract().jsonPath();
            for (Map<String, Object> f : page.<Map<String, Object>>getList("items")) {
                listed.merge(f.get("severity") + "/" + f.get("category"), 1, Integer::sum);
            }
            cursor = page.getString("next");
        } while (cursor != null);
        JsonPath counted = Api.viewer().queryParam("state", "open").queryParam("by", "severity").queryParam("by", "category")
                .get("/api/findings/counts").then().statusCode(200).extract().jsonPath();
        Map<String, Integer> grouped = new java.util.TreeMap<>();
        for (Map<String, Object> g : counted.<Map<String, Object>>getList("groups")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> key = (Map<String, Object>) g.get("key");
            grouped.put(key.get("severity") + "/" + key.get("category"), (Integer) g.get("count"));
        }
        assertEquals(listed, grouped);
        assertEquals(listed.values().stream().mapToInt(Integer::intValue).sum(), counted.getInt("total"));
        List<Integer> sizes = counted.getList("groups.count");
        for (int i = 1; i < sizes.size(); i++) {
            assertTrue(sizes.get(i - 1) >= sizes.get(i), "largest group first: " + sizes);
        }

        Api.viewer().queryParam("state", "open").queryParam("by", "severity,category").get("/api/findings/counts").then()
                .statusCode(200).body("total", equalTo(counted.getInt("total")));
        Api.viewer().get("/api/findings/counts").then().statusCode(400).body("where", equalTo("by"));
        Api.viewer().queryParam("by", "colour").get("/api/findings/counts").then().statusCode(400).body("where", equalTo("by"));
        Api.viewer().queryParam("by", "rule").queryParam("by", "rule").get("/api/findings/counts").then().statusCode(400);
        Api.viewer().queryParam("by", "rule").queryParam("state", "shut").get("/api/findings/counts").then().statusCode(400)
                .body("where", equalTo("state"));
    }
}
