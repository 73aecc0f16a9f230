package io.log2.agents.awsusage.collect;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The service pointed at an account (the stub): a cycle collects with the SDK and finds in all four domains. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AwsStubResource.class, scope = TestResourceScope.GLOBAL)
class AwsAccountCycleTest {

    private static final String THROTTLED = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}";

    @Inject
    DataSource dataSource;

    /**
     * Starts each test as on a fresh account: the stub answers every cycle alike, and what an earlier test's cycle
     * collected is no longer new. Forgetting it (and the watermarks) makes the next cycle collect and evaluate it all.
     */
    @BeforeEach
    void forgetCollectedHistory() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM metric_history WHERE source = 'aws'");
            s.executeUpdate("DELETE FROM cost_history WHERE source = 'aws'");
            s.executeUpdate("DELETE FROM collector_watermark");
        }
    }

    private static JsonPath cycle() {
        return Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> findings(JsonPath cycle) {
        return Api.viewer().get("/api/runs/" + cycle.getString("runId")).then().statusCode(200).extract().jsonPath()
                .getList("findings.message", String.class);
    }

    /** CloudTrail windows end on whole seconds: the next cycle must start in a later second than {@code cycle}. */
    private static void nextSecond(JsonPath cycle) {
        Instant started = Instant.parse(cycle.getString("startedAt")).truncatedTo(ChronoUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(started));
    }

    @Test
    void dataCollectedAgainUnchangedIsNotEvaluatedAgain() {
        JsonPath first = cycle();
        List<String> before = findings(first);
        assertTrue(before.stream().anyMatch(m -> m.startsWith("EC2 CPU 97.25%")), before.toString());
        assertTrue(before.stream().anyMatch(m -> m.startsWith("Lambda function orders-fn")), before.toString());
        assertTrue(before.stream().anyMatch(m -> m.startsWith("Daily cost")), before.toString());
        nextSecond(first);
        JsonPath second = cycle();
        assertEquals("ok", second.getMap("collectors").get("cloudwatch@us-east-1"));
        assertEquals("ok", second.getMap("collectors").get("cost-explorer@us-east-1"));
        List<String> after = findings(second);
        // CloudWatch and Cost Explorer answered the same again (S3 sizes, the month's Lambda total, the same days)
        assertTrue(after.stream().noneMatch(m -> m.startsWith("EC2 CPU") || m.startsWith("Lambda function")
                || m.startsWith("Daily cost") || m.contains("S3 bucket size")), after.toString());
    }

    @Test
    void aFailedCollectorsWindowIsReadAgainByTheNextCycle() throws Exception {
        AwsStub stub = AwsStubResource.stub();
        JsonPath first = cycle();
        nextSecond(first);
        int seen = stub.requests("GetMetricData").size();
        stub.next("GetMetricData", AwsStub.Response.cbor(400, AwsResponses.parse(THROTTLED)),
                AwsStub.Response.cbor(400, AwsResponses.parse(THROTTLED)));
        JsonPath failed = cycle();
        assertTrue(failed.getMap("collectors").get("cloudwatch@us-east-1").toString().startsWith("failed"));
        JsonNode failedWindow = stub.requests("GetMetricData").get(seen).cbor();
        nextSecond(failed);
        int retried = stub.requests("GetMetricData").size();
        JsonPath next = cycle();
        assertEquals("ok", next.getMap("collectors").get("cloudwatch@us-east-1"));
        JsonNode window = stub.requests("GetMetricData").get(retried).cbor();
        assertEquals(failedWindow.get("StartTime"), window.get("StartTime"),
                "the failed window starts where it did: its data is read now");
        assertTrue(findings(next).stream().noneMatch(m -> m.startsWith("EC2 CPU 97.25%")),
                "what the first cycle evaluated is not raised again");
    }

    @Test
    void aCycleOnAnAccountFindsInEveryDomain() {
        JsonPath cycle = Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200).extract().jsonPath();
        Map<String, String> collectors = cycle.getMap("collectors");
        assertEquals("ok", collectors.get("cost-explorer@us-east-1"), collectors.toString());
        assertEquals("ok", collectors.get("cloudwatch@us-east-1"), collectors.toString());
        assertEquals("ok", collectors.get("cloudtrail@us-east-1"), collectors.toString());
        assertEquals("ok", collectors.get("inventory@us-east-1"), collectors.toString());
        assertEquals("complete", cycle.getString("status"));
        JsonPath run = Api.viewer().get("/api/runs/" + cycle.getString("runId")).then().statusCode(200).extract().jsonPath();
        Set<String> categories = Set.copyOf(run.getList("findings.category", String.class));
        assertTrue(categories.containsAll(Set.of("cost", "resource", "security", "performance")), categories.toString());
        List<String> messages = run.getList("findings.message", String.class);
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("EC2 CPU 97.25%")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Lambda function orders-fn")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("AccessDenied")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("Compliance: S3 bucket") && m.endsWith("is publicly accessible")),
                messages.toString());
    }

    @Test
    void aThrottledCollectorMakesThePartialRunAndTheOthersStillRun() {
        AwsStub stub = AwsStubResource.stub();
        int before = stub.requests("GetDimensionValues").size();
        stub.next("GetDimensionValues", AwsStub.Response.json(400, THROTTLED), AwsStub.Response.json(400, THROTTLED));
        JsonPath cycle = Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200)
                .body("status", equalTo("partial")).extract().jsonPath();
        assertEquals(before + 2, stub.requests("GetDimensionValues").size(), "two attempts, then the collector fails");
        Map<String, String> collectors = cycle.getMap("collectors");
        assertTrue(collectors.get("cost-explorer@us-east-1").contains("Rate exceeded"), collectors.toString());
        assertEquals("ok", collectors.get("cloudwatch@us-east-1"));
        JsonPath run = Api.viewer().get("/api/runs/" + cycle.getString("runId")).then().statusCode(200)
                .body("status", equalTo("partial")).extract().jsonPath();
        assertTrue(run.getList("problems", String.class).stream().anyMatch(p -> p.startsWith("cost-explorer@us-east-1")));
        Set<String> rules = run.getList("findings.rule", String.class).stream().collect(Collectors.toSet());
        assertTrue(rules.contains("MetricThresholds_11"), "CloudWatch data still evaluated: " + rules);
    }

    @Test
    void cyclesNeverOverlap() throws Exception {
        AwsStub stub = AwsStubResource.stub();
        CountDownLatch release = new CountDownLatch(1);
        int seen = stub.requests("LookupEvents").size();
        // Hold the first cycle inside its CloudTrail call until the second one has been refused.
        stub.on("LookupEvents", r -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return AwsStub.Response.json(200, "{\"Events\":[]}");
        });
        try {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                    () -> Api.editor().post("/api/agents/aws-usage/cycles").statusCode());
            await().atMost(Duration.ofSeconds(60)).until(() -> stub.requests("LookupEvents").size() > seen);
            Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(409)
                    .contentType("application/problem+json").body("title", equalTo("Cycle running"));
            release.countDown();
            assertEquals(200, first.get(60, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            AwsStubResource.answerFixtures(stub);
        }
    }
}
