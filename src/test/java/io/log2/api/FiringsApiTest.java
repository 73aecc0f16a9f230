package io.log2.api;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class FiringsApiTest {

    @Inject
    AgroalDataSource db;

    private static JsonPath runOf(String... facts) {
        return Api.editor().contentType("application/json").body(run(facts))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    /**
     * Firings of one run, written as the firing writer writes them (a run's rows in firing order, consecutive ids), the
     * run id also their agent.
     */
    private void insertRun(String run, List<Instant> firedAt, java.util.function.IntFunction<String> rule) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO firing (run_id, seq,"
                + " agent, version, rule, fired_at, duration_nanos) VALUES (?, ?, ?, 1, ?, ?, 1000)")) {
            for (int i = 0; i < firedAt.size(); i++) {
                ps.setString(1, run);
                ps.setInt(2, i);
                ps.setString(3, run);
                ps.setString(4, rule.apply(i));
                ps.setTimestamp(5, Timestamp.from(firedAt.get(i)));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void deleteRun(String run) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM firing WHERE run_id = ?")) {
            ps.setString(1, run);
            ps.executeUpdate();
        }
    }

    /** Every page of the filter, following each page's cursor (at most 20 pages). */
    private static List<JsonPath> pages(Map<String, String> filter, int limit) {
        List<JsonPath> pages = new ArrayList<>();
        String cursor = null;
        do {
            var request = Api.viewer().queryParams(filter).queryParam("limit", limit);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/firings").then().statusCode(200).extract().jsonPath();
            pages.add(page);
            cursor = page.getString("next");
        } while (cursor != null && pages.size() < 20);
        return pages;
    }

    @Test
    void firingsAreListedNewestFirstWithEveryField() {
        String resource = "i-list-" + System.nanoTime();
        String runId = runOf(ec2Cpu(resource, 91.0)).getString("runId");
        JsonPath page = Api.viewer().queryParam("resource", resource).get("/api/firings")
                .then().statusCode(200).body("items", hasSize(1)).body("next", nullValue()).extract().jsonPath();
        assertEquals(runId, page.getString("items[0].runId"));
        assertEquals("aws-usage", page.getString("items[0].agent"));
        assertEquals("MetricThresholds_11", page.getString("items[0].rule"));
        assertEquals("io.log2.rules.awsusage", page.getString("items[0].package"));
        assertEquals("thresholds.drl.xlsx", page.getString("items[0].file"));
        assertEquals(11, page.getInt("items[0].row"));
        assertEquals(91.0f, page.getFloat("items[0].facts[0].value"));
        assertEquals(0, page.getInt("items[0].bindings.'$f'.fact"));
        assertNotNull(page.getString("items[0].firedAt"));
        assertTrue(page.getLong("items[0].durationNanos") > 0);
        assertNull(page.getString("items[0].error"));
        assertNotNull(page.getString("items[0].version"));

        long id = page.getLong("items[0].id");
        Api.viewer().get("/api/firings/" + id).then().statusCode(200).body("runId", equalTo(runId)).body("resource", equalTo(resource));
        Api.viewer().get("/api/firings/999999999").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void keysetPagesAreStableWhileNewFiringsArrive() {
        String[] facts = new String[7];
        for (int i = 0; i < facts.length; i++) {
            facts[i] = ec2Cpu("i-page-" + i, 90.0 + i);
        }
        String runId = runOf(facts).getString("runId");
        List<Long> ours = Api.viewer().queryParam("run", runId).get("/api/firings").then().statusCode(200)
                .extract().jsonPath().getList("items.id", Long.class);
        assertEquals(7, ours.size());
        // The whole listing, unfiltered: this run's firings are its newest, and every page is read after firings
        // of another run have landed above them. Keyset pages go on below the last id seen; offset pages would
        // shift and show firings twice.
        List<Long> seen = new ArrayList<>();
        List<String> noise = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 3; page++) {
            var request = Api.viewer().queryParam("limit", 3);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath items = request.get("/api/firings").then().statusCode(200).extract().jsonPath();
            seen.addAll(items.getList("items.id", Long.class));
            cursor = items.getString("next");
            noise.add(runOf(ec2Cpu("i-noise-" + page, 97.0), ec2Cpu("i-noise-b-" + page, 98.0)).getString("runId"));
            if (page < 2) {
                assertNotNull(cursor, "page " + (page + 1) + " has a next page");
            }
        }
        assertTrue(seen.size() >= 7, "three pages of three hold at least this run's seven firings: " + seen);
        assertEquals(ours, seen.subList(0, 7), "the first seven are this run's firings, newest first, each once");
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no firing listed twice");
        List<Long> sorted = new ArrayList<>(seen);
        sorted.sort((a, b) -> Long.compare(b, a));
        assertEquals(sorted, seen, "newest first");
        for (String noiseRun : noise) {
            List<Long> added = Api.viewer().queryParam("run", noiseRun).get("/api/firings").then().statusCode(200)
                    .extract().jsonPath().getList("items.id", Long.class);
            assertEquals(2, added.size());
            assertTrue(added.stream().noneMatch(seen::contains), "firings added between pages are not listed: " + added);
        }
    }

    @Test
    void cursorPagesOfACombinedFilterHoldEachMatchingFiringOnce() {
        Instant from = Instant.now();
        String firstRun = runOf(ec2Cpu("i-combo-1", 95.0), ec2Cpu("i-combo-2", 95.0), ec2Cpu("i-combo-3", 95.0)).getString("runId");
        runOf(ec2Cpu("i-combo-4", 95.0), ec2Cpu("i-combo-5", 95.0), "{\"type\":\"MonthToDate\",\"month\":\"2026-11\",\"amount\":140.0}");
        Instant to = Instant.now().plusSeconds(1);
        String rule = Api.viewer().queryParam("run", firstRun).get("/api/firings").then().statusCode(200)
                .extract().jsonPath().getString("items[0].rule");
        var filter = Map.of("agent", "aws-usage", "rule", rule, "from", from.toString(), "to", to.toString());
        List<Long> all = Api.viewer().queryParams(filter).queryParam("limit", 1000).get("/api/firings").then().statusCode(200)
                .extract().jsonPath().getList("items.id", Long.class);
        assertTrue(all.size() >= 5, "the five CPU samples fire the rule: " + all);
        List<Long> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = Api.viewer().queryParams(filter).queryParam("limit", 2);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/firings").then().statusCode(200)
                    .body("items.rule", everyItem(equalTo(rule))).body("items.agent", everyItem(equalTo("aws-usage")))
                    .extract().jsonPath();
            paged.addAll(page.getList("items.id", Long.class));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null && pages < 100);
        assertEquals(all, paged, "pages of two, followed by cursor, list the same firings in the same order as one page");
        assertEquals((all.size() + 1) / 2, pages);
    }

    @Test
    void filtersNarrowTheList() {
        String resource = "i-filter-" + System.nanoTime();
        Instant before = Instant.now();
        JsonPath run = runOf(ec2Cpu(resource, 99.0), "{\"type\":\"MonthToDate\",\"month\":\"2026-11\",\"amount\":140.0}");
        String runId = run.getString("runId");
        int version = run.getInt("version");
        Api.viewer().queryParam("run", runId).get("/api/firings").then().body("items", hasSize(2));
        Api.viewer().queryParam("run", runId).queryParam("rule", "BudgetThresholds_34").get("/api/firings")
                .then().body("items", hasSize(1)).body("items[0].rule", equalTo("BudgetThresholds_34"));
        Api.viewer().queryParam("agent", "aws-usage").queryParam("resource", resource).queryParam("version", version)
                .get("/api/firings").then().body("items", hasSize(1));
        Api.viewer().queryParam("resource", resource).queryParam("version", version + 1000).get("/api/firings")
                .then().body("items", hasSize(0));
        Api.viewer().queryParam("run", runId).queryParam("from", before.toString()).get("/api/firings")
                .then().body("items", hasSize(2)).body("items.runId", everyItem(equalTo(runId)));
        Api.viewer().queryParam("run", runId).queryParam("to", before.toString()).get("/api/firings")
                .then().body("items", hasSize(0));
        Api.viewer().queryParam("agent", "other-agent").get("/api/firings").then().body("items", hasSize(0));
    }

    @Test
    void timeRangePagesCrossFiringsOfTheSameInstantWithoutLosingOrRepeatingOne() throws Exception {
        // Five firings of one instant between one a second later and one a second earlier, at a time no other test
        // writes (a random second of 2001), so that pages of two split the five: the cursor must go on by id
        // within the instant. Written as the firing writer writes them (a run's rows, consecutive ids).
        Instant tie = Instant.parse("2001-01-01T00:00:00.123456Z").plusSeconds(ThreadLocalRandom.current().nextLong(30_000_000));
        String agent = "ties-" + System.nanoTime();
        Instant[] firedAt = {tie.minusSeconds(1), tie, tie, tie, tie, tie, tie.plusSeconds(1)};
        insertRun(agent, List.of(firedAt), i -> "rule-" + (i % 2));
        try {
            List<Long> ids = Api.viewer().queryParam("run", agent).get("/api/firings").then().statusCode(200)
                    .extract().jsonPath().getList("items.id", Long.class);
            assertEquals(7, ids.size());
            // Newest first: the later firing, the five of one instant by id (newest written first), the earlier one.
            List<Long> expected = new ArrayList<>(ids);
            expected.sort((a, b) -> Long.compare(b, a));
            assertEquals(expected, ids, "a run's firings written in firing order list in reverse id order");

            String from = tie.minusSeconds(1).toString();
            String to = tie.plusSeconds(2).toString();
            for (Map<String, String> filter : List.of(Map.of("from", from, "to", to), Map.of("to", to),
                    Map.of("agent", agent, "from", from, "to", to))) {
                for (int limit : new int[] {1, 2, 3}) {
                    List<Long> paged = new ArrayList<>();
                    List<String> times = new ArrayList<>();
                    List<JsonPath> pages = pages(filter, limit);
                    for (JsonPath page : pages) {
                        List<Long> items = page.getList("items.id", Long.class);
                        List<String> agents = page.getList("items.agent", String.class);
                        for (int i = 0; i < items.size(); i++) {
                            // Only from/to: a random second of 2001 holds this test's firings, any other is a failure too.
                            assertEquals(agent, agents.get(i), "only this test's firings lie in " + from + ".." + to);
                            paged.add(items.get(i));
                            times.add(page.getString("items[" + i + "].firedAt"));
                        }
                    }
                    assertEquals(ids, paged, filter + ", pages of " + limit + ": every firing once, newest first");
                    assertEquals((7 + limit - 1) / limit, pages.size(), filter + ", pages of " + limit);
                    assertEquals(tie.plusSeconds(1), Instant.parse(times.get(0)));
                    assertEquals(tie, Instant.parse(times.get(3)));
                }
            }
            // A cursor from another list, or an id alone (the cursors of the id order), is refused, not misread.
            Api.viewer().queryParam("cursor", io.log2.logs.AuditQueries.encode(ids.get(2))).get("/api/firings").then().statusCode(400)
                    .contentType("application/problem+json").body("where", equalTo("cursor"));
        } finally {
            // "to" alone reaches every earlier firing: a later run of this test on a kept database must not meet these
            deleteRun(agent);
        }
    }

    @Test
    void pagesSpanningWeeksHoldEveryFiringOnceInOrder() throws Exception {
        // Firings of one agent, 0 hours to 39 days before a newest one, at a random hour of 2002 no other test writes:
        // a page is read span by span going back (a day, three days, twelve days, the rest), and its firings must
        // come out whole and in order whichever spans the page and its cursor cross.
        Instant newest = Instant.parse("2002-03-01T00:00:00Z").plusSeconds(3600 * ThreadLocalRandom.current().nextLong(5000));
        String agent = "spans-" + System.nanoTime();
        // seconds before the newest; with "to" one second after the newest, three fall exactly on a span's start
        // (a day, four days, sixteen days before "to"), which belongs to the older span's end, not to both
        long h = 3600;
        long[] secondsBefore = {0, 20 * h, 24 * h - 1, 30 * h, 70 * h, 96 * h - 1, 100 * h, 360 * h, 384 * h - 1, 480 * h, 936 * h};
        List<Instant> all = new ArrayList<>();
        for (long before : secondsBefore) {
            all.add(newest.minusSeconds(before));
        }
        insertRun(agent, all, i -> "spans");
        try {
            String to = newest.plusSeconds(1).toString();
            String from = newest.minusSeconds(400 * h).toString();
            for (Map<String, String> filter : List.of(Map.of("agent", agent), Map.of("agent", agent, "to", to),
                    Map.of("agent", agent, "from", from, "to", to), Map.of("rule", "spans", "to", to))) {
                List<Instant> expected = all.stream().filter(t -> !filter.containsKey("from") || !t.isBefore(Instant.parse(from))).toList();
                for (int limit : new int[] {1, 3, 100}) {
                    List<Instant> paged = new ArrayList<>();
                    List<JsonPath> pages = pages(filter, limit);
                    pages.forEach(page -> page.getList("items.firedAt", String.class).forEach(t -> paged.add(Instant.parse(t))));
                    assertEquals(expected, paged, filter + ", pages of " + limit + ": every firing once, newest first");
                    assertEquals(Math.max(1, (expected.size() + limit - 1) / limit), pages.size(), filter + ", pages of " + limit);
                }
            }
        } finally {
            deleteRun(agent);
        }
    }

    @Test
    void badParametersAreProblems() {
        Api.viewer().queryParam("limit", 0).get("/api/firings").then().statusCode(400)
                .contentType("application/problem+json").body("where", equalTo("limit"));
        Api.viewer().queryParam("limit", "ten").get("/api/firings").then().statusCode(400).body("where", equalTo("limit"));
        Api.viewer().queryParam("from", "yesterday").get("/api/firings").then().statusCode(400).body("where", equalTo("from"));
        Api.viewer().queryParam("cursor", "%%%").get("/api/firings").then().statusCode(400).body("where", equalTo("cursor"));
        Set<Integer> statuses = Set.of(Api.viewer().get("/api/firings/abc").statusCode());
        assertEquals(Set.of(404), statuses);
    }
}
