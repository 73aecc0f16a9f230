package io.log2.cluster;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.awsusage.cycle.MonitoringCycle;
import io.log2.logic.RuleSetService;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two service instances on one PostgreSQL database: this test's instance and a second one in a process of its own
 * ({@link SecondInstance}). An agent made on one runs on the other; a version stored on either is the one both run
 * within seconds; versions stored on both at once get distinct numbers; a monitoring cycle runs on one at a time.
 * Two instances cannot share the in-memory H2 database of the default test run, so there the test is skipped; the
 * PostgreSQL run ({@code -Dquarkus.test.profile=test,pg}, as in {@code .ci/run}) runs all of it.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class TwoInstancesTest {

    /**
     * How soon a change made on one instance must run on the other: a 1 s poll plus compiling the version there, which
     * took up to 38 s on a shared, loaded 2-core machine; a change that is not followed never arrives.
     */
    private static final Duration PROPAGATION = Duration.ofSeconds(60);
    /**
     * How soon a change of a user made on one instance must end the old credential on the other: a few polls, well
     * under the minute for which a verified credential is trusted (log2.login.verified-for), so that only a followed
     * change can pass.
     */
    private static final Duration USER_CHANGE = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SecondInstance second;

    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String dbKind;
    @Inject
    RuleSetService ruleSets;
    @Inject
    Lease lease;
    @Inject
    DataSource dataSource;

    @BeforeEach
    void secondInstance() throws Exception {
        assumeTrue(dbKind.startsWith("postgres"), "two instances need a shared database: run with -Dquarkus.test.profile=test,pg");
        if (second == null) {
            second = SecondInstance.start();
        }
    }

    @AfterAll
    static void stopSecond() throws InterruptedException {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Test
    void anAgentMadeOnOneInstanceRunsOnTheOtherAndEachRunsTheOthersNewVersionWithinSeconds() throws Exception {
        String agent = unique("shared");
        Api.admin().contentType("application/json").body(create(agent, drl("Big order", 1000)))
                .post("/api/agents").then().statusCode(201);
        awaitVersionOnSecond(agent, 1);
        assertArrayEquals(drl("Big order", 1000).getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(second.rulesDir.resolve(agent).resolve("rules.drl")), "the second instance's folder holds what runs");

        int onFirst = upload(Api.admin(), agent, drl("Bigger order", 2000));
        assertEquals(2, onFirst);
        awaitVersionOnSecond(agent, 2);
        Response run = second.api().contentType("application/json").body("{\"facts\":[" + order(1500) + "," + order(2500) + "]}")
                .post("/api/agents/" + agent + "/runs");
        run.then().statusCode(200).body("version", equalTo(2)).body("firingCount", equalTo(1));

        int onSecond = upload(second.api(), agent, drl("Huge order", 5000));
        assertEquals(3, onSecond);
        await().atMost(PROPAGATION).until(() -> ruleSets.activeIfAny(agent).map(rs -> rs.version() == 3).orElse(false));
        assertArrayEquals(drl("Huge order", 5000).getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(RulesFolderResource.rulesDir().resolve(agent).resolve("rules.drl")));

        second.api().post("/api/agents/" + agent + "/disable").then().statusCode(200);
        await().atMost(PROPAGATION).until(() -> !ruleSets.enabled(agent));
        Api.admin().delete("/api/agents/" + agent).then().statusCode(200);
        await().atMost(PROPAGATION).until(() -> second.api().get("/api/agents/" + agent).statusCode() == 404);
        assertFalse(Files.exists(second.rulesDir.resolve(agent)), "the deleted agent's folder is gone on the second instance");
    }

    @Test
    void versionsStoredOnBothInstancesAtOnceGetDistinctNumbersAndBothEndOnTheLast() throws Exception {
        String agent = unique("race");
        Api.admin().contentType("application/json").body(create(agent, drl("Order 0", 0)))
                .post("/api/agents").then().statusCode(201);
        awaitVersionOnSecond(agent, 1);

        int perClient = 4;
        List<RequestSpecificationSource> clients = List.of(Api::admin, Api::admin, second::api, second::api);
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Integer>>> answers = new ArrayList<>();
        try {
            for (int c = 0; c < clients.size(); c++) {
                int client = c;
                answers.add(pool.submit(() -> {
                    go.await();
                    List<Integer> versions = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        int threshold = 100 * (client * perClient + i + 1);
                        versions.add(upload(clients.get(client).get(), agent, drl("Order " + threshold, threshold)));
                    }
                    return versions;
                }));
            }
            go.countDown();
            Set<Integer> answered = new HashSet<>();
            for (Future<List<Integer>> f : answers) {
                answered.addAll(f.get(2, TimeUnit.MINUTES));
            }
            assertEquals(clients.size() * perClient, answered.size(), "every upload got a number of its own: " + answered);
        } finally {
            pool.shutdownNow();
        }

        List<Integer> stored = storedNumbers(agent);
        int last = 1 + clients.size() * perClient;
        assertEquals(last, stored.size(), "one version per upload and the first: " + stored);
        for (int i = 0; i < stored.size(); i++) {
            assertEquals(i + 1, stored.get(i), "numbers without gaps or repeats: " + stored);
        }
        await().atMost(PROPAGATION).until(() -> ruleSets.activeIfAny(agent).map(rs -> rs.version() == last).orElse(false));
        awaitVersionOnSecond(agent, last);
        Api.admin().delete("/api/agents/" + agent + "?purge=true").then().statusCode(200);
    }

    @Test
    void aMonitoringCycleRunsOnOneInstanceAtATime() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> cycleHere = holder.submit(() -> lease.runIfFree(MonitoringCycle.LEASE, () -> {
                held.countDown();
                try {
                    release.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertTrue(held.await(30, TimeUnit.SECONDS), "this instance takes the free lease");
            second.api().post("/api/agents/aws-usage/cycles").then().statusCode(409)
                    .body("type", equalTo("https://log2.io/problems/cycle-running"));
            assertFalse(lease.runIfFree(MonitoringCycle.LEASE, () -> { }), "nor does another caller here get it");
            release.countDown();
            assertTrue(cycleHere.get(30, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            holder.shutdownNow();
        }
        second.api().post("/api/agents/aws-usage/cycles").then().statusCode(200);
    }

    @Test
    void aRoleTakenAwayOnOneInstanceEndsOnTheOtherWithinAPoll() throws Exception {
        String agent = unique("roles");
        Api.admin().contentType("application/json").body(create(agent, drl("Big order", 1000)))
                .post("/api/agents").then().statusCode(201);
        awaitVersionOnSecond(agent, 1);
        String user = unique("two-editor");
        String password = "a password of its own";
        Api.admin().contentType("application/json")
                .body("{\"username\":\"" + user + "\",\"password\":\"" + password + "\",\"roles\":[\"editor\"]}")
                .post("/api/users").then().statusCode(201);
        RequestSpecificationSource onSecond = () -> given().baseUri("http://localhost").port(second.port)
                .auth().preemptive().basic(user, password).contentType("application/json")
                .body("{\"facts\":[" + order(1500) + "]}");
        onSecond.get().post("/api/agents/" + agent + "/runs").then().statusCode(200);

        Api.admin().contentType("application/json").body("{\"roles\":[\"viewer\"]}").put("/api/users/" + user)
                .then().statusCode(200);

        await().atMost(USER_CHANGE).until(() -> onSecond.get().post("/api/agents/" + agent + "/runs").statusCode() == 403);
    }

    @FunctionalInterface
    private interface RequestSpecificationSource {
        RequestSpecification get();
    }

    private static void awaitVersionOnSecond(String agent, int version) {
        await().atMost(PROPAGATION).until(() -> {
            Response r = second.api().get("/api/agents/" + agent);
            return r.statusCode() == 200 && Integer.valueOf(version).equals(r.jsonPath().get("activeVersion.version"));
        });
    }

    private static int upload(RequestSpecification as, String agent, String drl) {
        Response r = as.contentType("application/octet-stream").body(drl.getBytes(StandardCharsets.UTF_8))
                .put("/api/agents/" + agent + "/files/rules.drl");
        assertEquals(200, r.statusCode(), () -> "upload refused: " + r.asString());
        return r.jsonPath().getInt("version");
    }

    private List<Integer> storedNumbers(String agent) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT seq FROM rule_set_version WHERE agent = ? ORDER BY seq")) {
            s.setString(1, agent);
            List<Integer> seqs = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    seqs.add(r.getInt(1));
                }
            }
            return seqs;
        }
    }

    private static String create(String agent, String drl) throws Exception {
        return JSON.writeValueAsString(Map.of("name", agent, "template", "custom", "files", Map.of("rules.drl", drl)));
    }

    private static String order(double amount) {
        return "{\"type\":\"Order\",\"resource\":\"o-" + (long) amount + "\",\"amount\":" + amount + "}";
    }

    /** One rule raising an alert for an order over a threshold. */
    private static String drl(String rule, int threshold) {
        return """
                package io.log2.rules.shared

                global io.log2.logic.Findings findings

                declare Order
                    resource : String
                    amount : double
                end

                rule "%s"
                    @severity("high") @category("cost")
                    @message("order {resource}: {value} over {threshold}")
                when
                    $o : Order( $value : amount > %d )
                then
                    findings.alert(kcontext, $o, $value, %d);
                end
                """.formatted(rule, threshold, threshold);
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }
}
