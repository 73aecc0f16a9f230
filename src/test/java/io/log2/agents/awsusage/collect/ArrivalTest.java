package io.log2.agents.awsusage.collect;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.CostRecord;
import io.log2.agents.awsusage.MetricSample;
import io.log2.agents.awsusage.history.CostHistory;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a cycle evaluates is what arrived since the last one, by commit order: a sample stored again unchanged did
 * not arrive, and a store committed while a cycle reads is evaluated by the next cycle, never lost and never twice.
 * (Every cycle of the test instance also collects from the AWS stub; these tests look at their own resources.)
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AwsStubResource.class, scope = TestResourceScope.GLOBAL)
class ArrivalTest {

    private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Inject
    CostHistory history;

    private static JsonPath cycle() {
        return Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200).extract().jsonPath();
    }

    /** A CPU series of {@code points} five-minute samples at 95% (every one above the 80% threshold). */
    private static byte[] series(int points) {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        LocalDateTime t = LocalDateTime.parse("2026-10-05T08:00:00");
        for (int i = 0; i < points; i++) {
            csv.append(NAB.format(t.plusMinutes(5L * i))).append(",95.0\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void importSeries(String resource, int points) {
        Api.editor().multiPart("file", "cpu.csv", series(points), "text/csv")
                .multiPart("namespace", "AWS/EC2").multiPart("metric", "CPUUtilization").multiPart("resource", resource)
                .post("/api/agents/aws-usage/imports").then().statusCode(200);
    }

    /** The firings a cycle's run logged about a resource (none when the cycle made no run). */
    private static List<String> firings(JsonPath cycle, String resource) {
        String run = cycle.getString("runId");
        if (run == null) {
            return List.of();
        }
        return Api.viewer().queryParam("run", run).queryParam("resource", resource).queryParam("limit", 1000)
                .get("/api/firings").then().statusCode(200).extract().jsonPath().getList("items.facts", String.class);
    }

    @Test
    void aReimportedSeriesWithOneNewPointEvaluatesOnlyThatPoint() {
        importSeries("i-arrival-series", 12);
        assertEquals(12, firings(cycle(), "i-arrival-series").size());

        importSeries("i-arrival-series", 13);
        List<String> again = firings(cycle(), "i-arrival-series");
        assertEquals(1, again.size(), "only the new point arrived: the 08:00 alert is not raised again");
        assertTrue(again.get(0).contains("2026-10-05T09:00:00Z"), again.toString());
    }

    @Test
    void samplesStoredAgainUnchangedRaiseNothing() {
        Instant at = Instant.parse("2026-10-06T10:00:00Z");
        List<MetricSample> sample = List.of(new MetricSample("AWS/EC2", "CPUUtilization", "i-arrival-again", at, 97.0, null));
        history.storeMetrics(sample, "aws", Instant.now());
        assertEquals(1, firings(cycle(), "i-arrival-again").size());

        history.storeMetrics(sample, "aws", Instant.now());
        assertEquals(0, firings(cycle(), "i-arrival-again").size(), "a sample read again with the same value is not new");

        history.storeMetrics(List.of(new MetricSample("AWS/EC2", "CPUUtilization", "i-arrival-again", at, 98.5, null)),
                "aws", Instant.now());
        assertEquals(1, firings(cycle(), "i-arrival-again").size(),
                "a period whose value changed (it was partial) is evaluated again");
    }

    @Test
    void anImportCommittedWhileACycleReadsIsEvaluatedByTheNextCycle() throws Exception {
        AwsStub stub = AwsStubResource.stub();
        // A cost of more than $10 for one service in a month raises a finding: it shows the import was evaluated.
        CostRecord imported = new CostRecord(LocalDate.parse("2026-10-07"), "999900001111", "Amazon Arrival Service",
                "eu-west-1", "TimedStorage-ByteHrs", 12.5);
        Instant previous = Instant.parse(cycle().getString("startedAt")).truncatedTo(ChronoUnit.SECONDS);
        // CloudTrail's window ends on whole seconds: a cycle in the same second as the last one has no window.
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(previous));

        CountDownLatch importing = new CountDownLatch(1);
        int seen = stub.requests("LookupEvents").size();
        // Hold the cycle in CloudTrail, after it has stored CloudWatch's samples and before it reads what arrived.
        stub.on("LookupEvents", r -> {
            try {
                importing.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return AwsStub.Response.json(200, "{\"Events\":[]}");
        });
        JsonPath during;
        try {
            CompletableFuture<JsonPath> cycle = CompletableFuture.supplyAsync(ArrivalTest::cycle);
            await().atMost(Duration.ofSeconds(60)).until(() -> stub.requests("LookupEvents").size() > seen);
            QuarkusTransaction.begin();
            try {
                history.storeCosts(List.of(imported), "import:focus", Instant.now());
                importing.countDown();
                // The import is written, not committed, while the cycle reads: it must not see it, nor lose it.
                during = cycle.get(60, TimeUnit.SECONDS);
            } finally {
                QuarkusTransaction.commit();
            }
        } finally {
            importing.countDown();
            AwsStubResource.answerFixtures(stub);
        }
        assertFalse(findings(during).stream().anyMatch(m -> m.startsWith("Amazon Arrival Service")), "not committed yet");
        List<String> next = findings(cycle());
        assertEquals(1, next.stream().filter(m -> m.startsWith("Amazon Arrival Service cost $12.5 in 2026-10")).count(),
                "the import committed during the last cycle is evaluated by this one: " + next);
        assertFalse(findings(cycle()).stream().anyMatch(m -> m.startsWith("Amazon Arrival Service")), "and only once");
    }

    private static List<String> findings(JsonPath cycle) {
        String run = cycle.getString("runId");
        return run == null ? List.of() : Api.viewer().get("/api/runs/" + run).then().statusCode(200).extract().jsonPath()
                .getList("findings.message", String.class);
    }
}
