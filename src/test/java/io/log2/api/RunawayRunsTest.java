package io.log2.api;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs that run away (a rule re-firing without end, a consequence looping forever) end as {@code aborted} with the
 * reason and what they fired until then, answered and stored; their thread is free afterwards, the cycle lock is
 * released, and an innocent run beside them is not held up. The test profile's limits are 20,000 firings and 5 s.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class RunawayRunsTest {

    private static final String RUNAWAY = String.join("\n",
            "package io.log2.rules.runaway",
            "import io.log2.agents.awsusage.MetricSample",
            "global io.log2.logic.Findings findings",
            "rule \"Again\" @severity(\"low\") @category(\"performance\")",
            "when $m : MetricSample( resource == \"i-again\" ) then",
            "    findings.alert(kcontext, $m);",
            "    update($m);",
            "end",
            "rule \"Before\" @severity(\"low\") @category(\"performance\") salience 10",
            "when $m : MetricSample( resource == \"i-spin\" ) then",
            "    findings.alert(kcontext, $m);",
            "end",
            "rule \"Spin\"",
            "when $m : MetricSample( resource == \"i-spin\" ) then",
            "    long turns = 0;",
            "    while (true) { turns++; }",
            "end");

    private Path folder;

    @BeforeEach
    void uploadRunawayRules() {
        folder = RulesFolderResource.rulesDir().resolve("aws-usage");
        Api.editor().contentType("application/octet-stream").body(RUNAWAY.getBytes(StandardCharsets.UTF_8))
                .put("/api/agents/aws-usage/files/runaway.drl").then().statusCode(200);
    }

    @AfterEach
    void restoreShippedRules() throws IOException {
        Files.deleteIfExists(folder.resolve("runaway.drl"));
        await().atMost(Duration.ofSeconds(120)).until(() -> !agent().getList("activeVersion.files").contains("runaway.drl"));
    }

    @Test
    void aRuleUpdatingItsFactWithoutNoLoopStopsAtTheFiringCapAndItsFiringsAreStored() {
        JsonPath result = runOf(ec2Cpu("i-again", 50.0));
        assertEquals("aborted", result.getString("status"));
        assertTrue(result.getString("problems[0]").contains("20,000 firings (log2.run.max-firings)"), result.getString("problems"));
        assertTrue(result.getString("problems[0]").contains("\"Again\""), result.getString("problems"));
        assertEquals(20_000, result.getInt("firingCount"));
        // Every firing reported the same condition on the same sample: one finding, seen 20,000 times.
        assertEquals(1, result.getList("findings").size());
        assertEquals(20_000, result.getInt("findings[0].seen"));

        String runId = result.getString("runId");
        Api.viewer().get("/api/runs/" + runId).then().statusCode(200)
                .body("status", equalTo("aborted"))
                .body("problems[0]", containsString("20,000 firings"))
                .body("firingCount", equalTo(20_000));
        Api.viewer().queryParam("run", runId).queryParam("limit", 1).get("/api/firings").then().statusCode(200)
                .body("items[0].seq", equalTo(20_000)).body("items[0].rule", equalTo("Again"));
    }

    @Test
    void aConsequenceLoopingForeverIsStoppedAnInnocentRunBesideItCompletesAndTheThreadIsFreedAfterwards() throws Exception {
        CompletableFuture<JsonPath> spinning = CompletableFuture.supplyAsync(() -> runOf(ec2Cpu("i-spin", 50.0)));
        await().atMost(Duration.ofSeconds(120)).until(() -> ruleThreads().size() == 1);

        // RunLimitsTest shows, without timing, that stopping one run never stops another
        JsonPath innocent = runOf(ec2Cpu("i-innocent", 93.0));
        assertEquals("complete", innocent.getString("status"));
        assertEquals(1, innocent.getList("findings").size());

        JsonPath aborted = spinning.get(60, TimeUnit.SECONDS);
        assertEquals("aborted", aborted.getString("status"));
        assertTrue(aborted.getString("problems[0]").contains("longer than 5 s (log2.run.max-time)"), aborted.getString("problems"));
        assertTrue(aborted.getString("problems[0]").contains("\"Spin\""), aborted.getString("problems"));
        assertEquals(List.of("Before"), aborted.getList("findings.rule"));
        Api.viewer().get("/api/runs/" + aborted.getString("runId")).then().statusCode(200)
                .body("status", equalTo("aborted")).body("firingCount", equalTo(1))
                .body("firings[0].rule", equalTo("Before"));
        assertEquals(List.of(), ruleThreads(), "no thread still runs the rule");
    }

    @Test
    void aCycleWhoseRunIsStoppedReleasesTheCycleLock() {
        String series = "timestamp,value\n2026-11-20 10:00:00,50\n2026-11-20 10:05:00,51\n";
        Api.editor().multiPart("file", "spin.csv", series.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("namespace", "AWS/EC2").multiPart("metric", "CPUUtilization").multiPart("resource", "i-spin")
                .post("/api/agents/aws-usage/imports").then().statusCode(200);
        JsonPath cycle = Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200).extract().jsonPath();
        Api.viewer().get("/api/runs/" + cycle.getString("runId")).then().statusCode(200)
                .body("status", equalTo("aborted")).body("problems[0]", containsString("\"Spin\""));
        assertEquals(List.of(), ruleThreads());
        Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200);
    }

    private static JsonPath runOf(String fact) {
        return Api.editor().contentType("application/json").body(run(fact))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    /** The threads of this JVM (the service runs in it) whose stack is in the compiled runaway rules. */
    private static List<String> ruleThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("io.log2.rules.runaway.")))
                .map(e -> e.getKey().getName()).toList();
    }

    private static JsonPath agent() {
        return Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath();
    }
}
