package io.log2.logs;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        List<String> texts = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean outage = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> load = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int client = i;
            load.add(clients.submit(() -> {
                int n = 0;
                while (outage.get()) {
                    Response r = switch ((client + n++) % 3) {
                        case 0 -> post();
                        case 1 -> guarded(Api.viewer()).get("/api/firings?limit=5");
                        default -> guarded(Api.viewer()).get("/api/runs/" + before);
                    };
                    statuses.merge(r.statusCode() + " " + r.contentType(), 1, Integer::sum);
                    texts.add(r.asString());
                }
                return null;
            }));
        }
        await().atMost(RECOVERY).until(() -> RestAssured.get("/q/health/ready").statusCode() == 503);
        await().atMost(RECOVERY).until(() -> texts.size() >= 24);
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

        DatabaseProxyResource.proxy().restore();
        await().atMost(RECOVERY).until(() -> post().statusCode() == 200);
        await().atMost(RECOVERY).until(() -> RestAssured.get("/q/health/ready").statusCode() == 200);
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
