package io.log2.logs;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.MetricSample;
import io.log2.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The database goes away under load and comes back: every request meanwhile is answered 503 problem JSON
 * within the commit timeout (never a 500, never a hang, never SQL in the text), readiness is DOWN, and the
 * service recovers by itself once the database is back.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.Outage.class)
class DatabaseOutageTest {

    public static class Outage implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DatabaseProxyResource.class));
        }
    }

    /** No answer may take longer than the commit timeout plus the time to get there; a hang fails the request. */
    private static final int ANSWER_WITHIN_MILLIS = 20_000;
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    @Inject
    RunService runs;

    @Test
    void duringAnOutageEveryRequestIs503AndTheServiceRecoversByItself() throws Exception {
        for (String role : new String[] {"viewer", "editor"}) {
            int status = Api.admin().contentType("application/json").body("{\"username\":\"" + role + "-user\",\"password\":\""
                    + Api.PASSWORD + "\",\"roles\":[\"" + role + "\"]}").post("/api/users").statusCode();
            assertTrue(status == 201 || status == 400, "user " + role + ": " + status);
        }
        String before = post().then().statusCode(200).extract().path("runId");
        Api.viewer().get("/api/runs/" + before).then().statusCode(200);

        DatabaseProxyResource.proxy().cut();
        long cutAt = System.nanoTime();
        AtomicLong slowest = new AtomicLong();
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        List<String> texts = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean outage = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(5);
        List<Future<?>> load = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int client = i;
            load.add(clients.submit(() -> {
                int n = 0;
                while (outage.get()) {
                    long t0 = System.nanoTime();
                    Response r = switch ((client + n++) % 3) {
                        case 0 -> post();
                        case 1 -> guarded(Api.viewer()).get("/api/firings?limit=5");
                        default -> guarded(Api.viewer()).get("/api/runs/" + before);
                    };
                    slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    statuses.merge(r.statusCode() + " " + r.contentType(), 1, Integer::sum);
                    texts.add(r.asString());
                }
                return null;
            }));
        }
        // Runs straight into the run service as well: over HTTP the password check may be what meets the outage first.
        List<String> writerTexts = java.util.Collections.synchronizedList(new ArrayList<>());
        load.add(clients.submit(() -> {
            while (outage.get()) {
                try {
                    runs.runFacts("aws-usage", List.of(new MetricSample("AWS/EC2", "CPUUtilization", "i-direct",
                            Instant.parse("2026-11-20T10:00:00Z"), 97.0, null)));
                    writerTexts.add("stored during the outage");
                } catch (LogUnavailableException e) {
                    writerTexts.add(e.getMessage());
                }
            }
            return null;
        }));
        await().atMost(RECOVERY).until(() -> RestAssured.get("/q/health/ready").statusCode() == 503);
        // -Doutage.seconds=30 holds the outage that long, for the figures in the README.
        long outageNanos = TimeUnit.SECONDS.toNanos(Long.getLong("outage.seconds", 0));
        await().atMost(RECOVERY.plusNanos(outageNanos)).until(() -> texts.size() >= 24 && writerTexts.size() >= 3
                && System.nanoTime() - cutAt >= outageNanos);
        outage.set(false);
        for (Future<?> f : load) {
            f.get(ANSWER_WITHIN_MILLIS * 2L, TimeUnit.MILLISECONDS);
        }
        clients.shutdown();

        assertEquals(Map.of("503 application/problem+json", texts.size()), statuses, "every answer during the outage");
        for (String text : texts) {
            assertFalse(text.toUpperCase().contains("SELECT") || text.toUpperCase().contains("INSERT")
                    || text.contains("Exception") || text.contains("\tat "), text);
        }

        for (String text : writerTexts) {
            assertTrue(text.startsWith("the database is unavailable"), text);
        }

        DatabaseProxyResource.proxy().restore();
        long restoredAt = System.nanoTime();
        await().atMost(RECOVERY).until(() -> post().statusCode() == 200);
        System.out.printf(java.util.Locale.ROOT, "outage of %.1f s: %d answers over HTTP %s, slowest %d ms; %d runs into the "
                        + "run service, all refused; a run stored again %d ms after the database came back%n",
                (restoredAt - cutAt) / 1e9, texts.size(), statuses, TimeUnit.NANOSECONDS.toMillis(slowest.get()),
                writerTexts.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restoredAt));
        await().atMost(RECOVERY).until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
        RestAssured.get("/q/health/ready").then().body("checks.find { it.name == 'run log writer' }.status", equalTo("UP"));
        String after = post().then().statusCode(200).extract().path("runId");
        Api.viewer().get("/api/runs/" + after).then().statusCode(200);
        Api.viewer().get("/api/firings?limit=5").then().statusCode(200);
        assertTrue(texts.size() >= 24);
    }

    private static Response post() {
        return guarded(Api.editor()).contentType("application/json").body(run(ec2Cpu("i-outage", 95.0)))
                .post("/api/agents/aws-usage/runs");
    }

    /** A request that fails instead of waiting for ever when the service does not answer. */
    private static RequestSpecification guarded(RequestSpecification spec) {
        return spec.config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", ANSWER_WITHIN_MILLIS)
                .setParam("http.connection.timeout", ANSWER_WITHIN_MILLIS)));
    }
}
