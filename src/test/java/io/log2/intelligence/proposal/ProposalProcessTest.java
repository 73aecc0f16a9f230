package io.log2.intelligence.proposal;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proposal process run by the jBPM engine: a deployment whose live alerts are worse than its backtest promised
 * is rolled back by itself; a pending approval and a running watch go on after the engine lost its instances, as
 * after a restart of the service.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class ProposalProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String PROPOSALS = "/api/agents/aws-usage/proposals";

    @Inject
    ProposalService service;
    @Inject
    ProposalProcess process;

    @AfterEach
    void restoreShippedRules() throws IOException {
        RulesFolderResource.copy(Path.of("rules/aws-usage"), RulesFolderResource.rulesDir().resolve("aws-usage"));
        await().atMost(WAIT).until(() -> runCpu(99.0).getDouble("findings[0].threshold") == 80.0);
    }

    /** A row on a metric the stored history does not have: its backtest promises no change, the live runs differ. */
    private static String queueDepthRow(String id) {
        return """
                {"learner":"person","changes":[{"kind":"ADD","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"%s",
                 "cells":{"Rule":"queue depth","Threshold":"10","Namespace":"Custom/Test","Metric":"QueueDepth","Measure":"value",
                          "Test":">","Kind":"alert","Severity":"medium","Category":"performance","Message":"queue {value} on {resource}"}}]}
                """.formatted(id);
    }

    @Test
    void aDeploymentWhoseLiveAlertsAreWorseThanPromisedIsRolledBackByItself() {
        int base = activeVersion();
        long id = propose(queueDepthRow("QueueDepth_" + System.nanoTime() % 100000));
        JsonPath approved = approve(id).then().statusCode(200).body("state", equalTo("watching")).extract().jsonPath();
        int deployed = approved.getInt("deployedVersion");
        assertEquals(1, runQueue(50).getList("findings").size());

        Api.viewer().get(PROPOSALS + "/" + id).then().statusCode(200)
                .body("state", equalTo("rolled-back"))
                .body("watch.alerts", equalTo(1))
                .body("watch.alertsBefore", equalTo(0))
                .body("history.event", hasItem("worse"))
                .body("decisionReason", containsString("the backtest promised +0%"));
        JsonPath agent = Api.viewer().get("/api/agents/aws-usage").then().extract().jsonPath();
        int now = agent.getInt("activeVersion.version");
        assertEquals(true, now > deployed);
        assertEquals("activation", agent.getString("activeVersion.source"));
        assertEquals(true, agent.getString("activeVersion.reason").startsWith("activation of version " + base + ": roll back of proposal " + id));
        Api.viewer().get("/api/agents/aws-usage/versions/" + base).then()
                .body("contentHash", equalTo(agent.getString("activeVersion.contentHash")));
        assertEquals(0, runQueue(50).getList("findings").size());
    }

    @Test
    void aPendingApprovalAndARunningWatchGoOnAfterTheEngineLostItsInstances() {
        long id = propose("""
                {"learner":"person","changes":[{"kind":"CHANGE","file":"thresholds.drl.xlsx","table":"MetricThresholds",
                 "rowId":"MetricThresholds_11","cells":{"Threshold":"85"}}]}""");
        Api.viewer().get(PROPOSALS + "/" + id).then().body("processAt", hasItem("Approve or reject"));

        restart();
        Api.viewer().get(PROPOSALS + "/" + id).then().body("state", equalTo("awaiting-approval")).body("processAt", hasSize(0));
        service.resumeUnfinished();
        Api.viewer().get(PROPOSALS + "/" + id).then().body("node", equalTo("Approval")).body("processAt", hasItem("Approve or reject"));

        approve(id).then().statusCode(200).body("state", equalTo("watching")).body("processAt", hasItem("Next run"));
        assertEquals(0, runCpu(83.0).getList("findings").size());

        restart();
        service.resumeUnfinished();
        Api.viewer().get(PROPOSALS + "/" + id).then().body("state", equalTo("watching")).body("processAt", hasItem("Next run"))
                .body("watch.runs", equalTo(1));
        runCpu(90.0);
        runCpu(70.0);
        Api.viewer().get(PROPOSALS + "/" + id).then().body("state", equalTo("deployed")).body("watch.runs", equalTo(3))
                .body("history.event", hasItem("kept"));
    }

    /** What a stopped service loses: every process instance and the engine's loaded process. */
    private void restart() {
        process.forgetAll();
    }

    private static long propose(String body) {
        return Api.editor().contentType("application/json").body(body).post(PROPOSALS)
                .then().statusCode(201).body("state", equalTo("awaiting-approval")).extract().jsonPath().getLong("id");
    }

    private static io.restassured.response.Response approve(long id) {
        return Api.as("approver").contentType("application/json").body("{\"reason\":\"ok\"}").post(PROPOSALS + "/" + id + "/approve");
    }

    private static JsonPath runQueue(double value) {
        return Api.editor().contentType("application/json").body(run("{\"type\":\"MetricSample\",\"namespace\":\"Custom/Test\","
                        + "\"metric\":\"QueueDepth\",\"resource\":\"q-1\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":" + value + "}"))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath runCpu(double value) {
        return Api.editor().contentType("application/json").body(run(ec2Cpu("i-process", value)))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static int activeVersion() {
        return Api.viewer().get("/api/agents/aws-usage").then().extract().jsonPath().getInt("activeVersion.version");
    }
}
