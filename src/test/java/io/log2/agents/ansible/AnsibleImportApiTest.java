package io.log2.agents.ansible;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Playbook results in through {@code POST /api/agents/ansible/imports} and the watched folder: each import is one run
 * of the ansible agent's rules, answered with its findings; broken files are refused with problem JSON and leave
 * nothing behind. Each test names its own playbook, so that the runs of one do not count as another's history.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class AnsibleImportApiTest {

    private static final String IMPORTS = "/api/agents/ansible/imports";

    @Inject
    DataSource dataSource;

    private static RequestSpecification upload(String name, byte[] content, String playbook) {
        RequestSpecification r = Api.editor().multiPart("file", name, content, "application/json");
        return playbook == null ? r : r.multiPart("playbook", playbook);
    }

    private static JsonPath imported(String sample, String playbook, String mode) {
        RequestSpecification r = upload(sample.substring(sample.lastIndexOf('/') + 1), Samples.bytes(sample), playbook);
        if (mode != null) {
            r = r.multiPart("mode", mode);
        }
        return r.post(IMPORTS).then().statusCode(200).extract().jsonPath();
    }

    private static Set<String> findings(JsonPath answer) {
        List<Map<String, Object>> items = answer.getList("run.findings");
        return items.stream().map(f -> f.get("rule") + " on " + f.get("resource")).collect(java.util.stream.Collectors.toSet());
    }

    private long storedRuns() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ansible_run")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anImportIsOneRunAnsweredWithItsFindingsAndStored() {
        JsonPath answer = imported(Samples.TEST_07, "api-07", null);
        // the recap's "failures": 1 and the failing-task whose failure the host went on past ("ignored": 1)
        assertEquals(Set.of("Host failed on api-07/127.0.0.1", "Failure hidden by ignore_errors on api-07/failing-task@127.0.0.1"),
                findings(answer));
        assertEquals("ansible", answer.getString("run.agent"));
        assertEquals("json", answer.getString("format"));
        assertEquals("run", answer.getString("summary.mode"));
        assertEquals(100.0, answer.getDouble("summary.failureRate"));
        assertEquals(0, answer.getInt("summary.previousRuns"));
        assertNull(answer.get("summary.recentFailureRate"));
        assertEquals(4, answer.getInt("taskResults"));
        // 1 run + 1 recap + 4 task results
        assertEquals(6, answer.getInt("run.factCount"));
        String runId = answer.getString("run.runId");
        Api.viewer().get("/api/runs/" + runId).then().statusCode(200).body("agent", equalTo("ansible"));
        Api.viewer().queryParam("playbook", "api-07").get(IMPORTS).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].runId", equalTo(runId)).body("[0].tasks", equalTo(4))
                .body("[0].via", equalTo("upload")).body("[0].createdBy", equalTo("editor-user"));
    }

    @Test
    void aCheckRunFindsDriftAndAGzippedFileReadsTheSame() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(Samples.bytes(Samples.TEST_07));
        }
        JsonPath answer = upload("api-07--check.json.gz", gz.toByteArray(), null).post(IMPORTS).then().statusCode(200)
                .extract().jsonPath();
        // the file name says the playbook and that it was a check: ok-task ("changed": true, not failed) is drift
        assertEquals("api-07", answer.getString("summary.playbook"));
        assertEquals("check", answer.getString("summary.mode"));
        assertTrue(findings(answer).contains("Drift on a check run on api-07/ok-task@127.0.0.1"), findings(answer).toString());
    }

    @Test
    void aFailureRateRisingAgainstTheLastRunsOfThePlaybookIsFound() {
        for (int i = 0; i < 3; i++) {
            // test_03: its one host ok, 0%; nothing to find
            assertEquals(Set.of(), findings(imported(Samples.TEST_03, "api-rise", "run")));
        }
        JsonPath answer = imported(Samples.TEST_05, "api-rise", "run");
        // test_05: its one host unreachable, 100%, against 0% in the 3 runs before: 100 points, above 25
        assertEquals(Set.of("Host unreachable on api-rise/127.0.0.1", "FailureRateRise_10 on api-rise"), findings(answer));
        assertEquals(3, answer.getInt("summary.previousRuns"));
        assertEquals(0.0, answer.getDouble("summary.recentFailureRate"));
        List<Map<String, Object>> items = answer.getList("run.findings");
        Map<String, Object> rise = items.stream().filter(f -> f.get("rule").equals("FailureRateRise_10")).findFirst().orElseThrow();
        assertEquals(100.0, ((Number) rise.get("value")).doubleValue());
        assertEquals(25.0, ((Number) rise.get("threshold")).doubleValue());
    }

    @Test
    void theNextRunOfThePlaybookUpdatesAndResolvesAHostsFinding() {
        // test_05: 127.0.0.1 unreachable -> opened; again -> the same finding, updated; test_03: 127.0.0.1 ok -> resolved
        assertEquals(List.of("opened"), actions(imported(Samples.TEST_05, "api-resolve", null), "Host unreachable"));
        assertEquals(List.of("updated"), actions(imported(Samples.TEST_05, "api-resolve", null), "Host unreachable"));
        assertEquals(List.of("resolved"), actions(imported(Samples.TEST_03, "api-resolve", null), "Host unreachable"));
    }

    private static List<Object> actions(JsonPath answer, String rule) {
        List<Map<String, Object>> items = answer.getList("run.findings");
        return items.stream().filter(f -> f.get("rule").equals(rule)).map(f -> f.get("action")).toList();
    }

    @Test
    void brokenFilesAreRefusedWithProblemJsonAndNothingIsStored() throws Exception {
        long before = storedRuns();
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        upload("run.json", garbage, "api-broken").post(IMPORTS).then().statusCode(415)
                .contentType("application/problem+json").body("where", equalTo("body"))
                .body("detail", allOf(containsString("expected a playbook result as JSON text"), not(containsString("CSV"))));
        upload("run.json", "PK\u0003\u0004zipped".getBytes(StandardCharsets.ISO_8859_1), "api-broken").post(IMPORTS).then()
                .statusCode(415).body("detail", equalTo("a ZIP archive: unzip it and send the JSON result inside (plain or gzip-compressed)"));
        upload("run.json", new byte[0], "api-broken").post(IMPORTS).then().statusCode(400)
                .contentType("application/problem+json").body("where", equalTo("body"));
        String whole = Samples.text(Samples.TEST_07);
        upload("run.json", whole.substring(0, 2000).getBytes(StandardCharsets.UTF_8), "api-broken").post(IMPORTS).then()
                .statusCode(422).contentType("application/problem+json").body("where", startsWith("line "));
        upload("run.json", whole.replace("\"ok\": 2", "\"ok\": -2").getBytes(StandardCharsets.UTF_8), "api-broken")
                .post(IMPORTS).then().statusCode(422).body("where", equalTo("/stats/127.0.0.1/ok"));
        upload("run.json", "{\"Resources\": {}}".getBytes(StandardCharsets.UTF_8), "api-broken").post(IMPORTS).then()
                .statusCode(415).body("detail", startsWith("the JSON has neither 'plays' nor 'stats'"));
        upload("run.csv", "host,ok\nweb,1\n".getBytes(StandardCharsets.UTF_8), "api-broken").post(IMPORTS).then()
                .statusCode(415).body("detail", startsWith("the content is not JSON"));
        upload("run.json", Samples.bytes(Samples.TEST_07), "api-broken").multiPart("mode", "banana").post(IMPORTS).then()
                .statusCode(400).body("where", equalTo("mode"));
        Api.editor().multiPart("playbook", "api-broken").post(IMPORTS).then().statusCode(400).body("where", equalTo("file"));
        Api.viewer().multiPart("file", "run.json", Samples.bytes(Samples.TEST_07), "application/json").post(IMPORTS).then()
                .statusCode(403);
        // over log2.imports.max-bytes (3 MiB in tests)
        byte[] big = new byte[3 * 1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        upload("run.json", big, "api-broken").post(IMPORTS).then().statusCode(413);
        assertEquals(before, storedRuns());
        Api.viewer().queryParam("playbook", "api-broken").get(IMPORTS).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aFileDroppedIntoTheWatchedFolderIsImported() throws Exception {
        Path dir = Path.of("target/test-ansible-imports");
        Files.createDirectories(dir);
        Path file = dir.resolve("api-watched--check.json");
        Path broken = dir.resolve("api-watched-broken.json");
        // what an earlier build of the tests left there
        for (String left : List.of("done/" + file.getFileName(), "failed/" + broken.getFileName(),
                "failed/" + broken.getFileName() + ".error.txt")) {
            Files.deleteIfExists(dir.resolve(left));
        }
        Files.write(file, Samples.bytes(Samples.TEST_05));
        Files.writeString(broken, "{\"plays\": [");
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(dir.resolve("done").resolve(file.getFileName()))
                && Files.exists(dir.resolve("failed").resolve(broken.getFileName())));
        // test_05 as a check run of playbook api-watched: its unreachable host
        Api.viewer().queryParam("playbook", "api-watched").get(IMPORTS).then().statusCode(200).body("size()", equalTo(1))
                .body("[0].mode", equalTo("check")).body("[0].unreachableHosts", equalTo(1)).body("[0].via", equalTo("folder"));
        String why = Files.readString(dir.resolve("failed").resolve("api-watched-broken.json.error.txt"));
        assertTrue(why.startsWith("the JSON is broken at line 1"), why);
    }

    @Test
    void slowTaskThresholdsAreProposedFromTheStoredDurations() {
        for (int i = 0; i < 5; i++) {
            imported(Samples.TEST_07, "api-durations", null);
        }
        JsonPath answer = Api.editor().post("/api/agents/ansible/duration-thresholds").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> tasks = answer.getList("tasks");
        Map<String, Object> slowest = tasks.stream().filter(t -> t.get("task").equals("failing-task-when")).findFirst()
                .orElseThrow();
        // failing-task-when took 0.35537 s each time: 95th percentile 0.35537, times 1.5 is 0.53, below the 1 s floor
        assertEquals("add", slowest.get("action"));
        assertEquals(0.35537, ((Number) slowest.get("p95")).doubleValue(), 1e-6);
        assertEquals(1.0, ((Number) slowest.get("threshold")).doubleValue());
        // skipping-task was skipped every time: it has no durations that say how long it takes
        assertTrue(tasks.stream().noneMatch(t -> t.get("task").equals("skipping-task")), tasks.toString());
        Number proposal = answer.get("proposal");
        assertNotNull(proposal, answer.prettify());
        JsonPath stored = Api.viewer().get("/api/agents/ansible/proposals/" + proposal.longValue()).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("task-durations", stored.getString("learner"));
        assertEquals("awaiting-approval", stored.getString("state"), stored.prettify());
        List<Map<String, Object>> changes = stored.getList("changes");
        assertTrue(changes.stream().anyMatch(c -> "TaskDurations".equals(c.get("table"))
                && "failing-task-when".equals(((Map<?, ?>) c.get("cells")).get("Task"))), changes.toString());
    }
}
