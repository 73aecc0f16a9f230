package io.log2.intelligence.proposal;

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
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A version made active by hand while a deployment is watched ends that watch: the proposal is {@code superseded},
 * and the runs after it, however many alerts they raise, never roll back over the user's choice.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class WatchSupersededTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String PROPOSALS = "/api/agents/aws-usage/proposals";

    @Test
    void aVersionActivatedByHandDuringTheWatchEndsItAndIsNotRolledBack() {
        int base = activeVersion();
        String row = "Superseded_" + System.nanoTime() % 100000;
        // a row on a metric the stored history lacks: its backtest promises no change, so the live alerts below
        // would roll it back if it were still watched
        long id = Api.editor().contentType("application/json").body("""
                {"learner":"person","changes":[{"kind":"ADD","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"%s",
                 "cells":{"Rule":"backlog","Threshold":"10","Namespace":"Custom/Superseded","Metric":"Backlog","Measure":"value",
                          "Test":">","Kind":"alert","Severity":"medium","Category":"performance","Message":"backlog {value} on {resource}"}}]}
                """.formatted(row)).post(PROPOSALS).then().statusCode(201).body("state", equalTo("awaiting-approval"))
                .extract().jsonPath().getLong("id");
        int deployed = Api.as("approver").contentType("application/json").body("{\"reason\":\"ok\"}")
                .post(PROPOSALS + "/" + id + "/approve").then().statusCode(200).body("state", equalTo("watching"))
                .extract().jsonPath().getInt("deployedVersion");

        // the user goes back to the version before, by hand, while the deployment is watched
        int manual = Api.as("approver").contentType("application/json").body("{\"reason\":\"not now\"}")
                .post("/api/agents/aws-usage/versions/" + base + "/activate").then().statusCode(200)
                .extract().jsonPath().getInt("version");

        await().atMost(WAIT).until(() -> "superseded".equals(Api.viewer().get(PROPOSALS + "/" + id).jsonPath().getString("state")));
        int made = manual;
        Api.viewer().get(PROPOSALS + "/" + id).then().statusCode(200)
                .body("node", equalTo(null))
                .body("processAt", hasSize(0))
                .body("history.event", hasItem("superseded"))
                .body("decisionReason", containsString("version " + made + " (activation by approver-user) was made active while version "
                        + deployed + " was watched"));
        Api.viewer().get(PROPOSALS + "?state=watching").then().statusCode(200).body("id", org.hamcrest.Matchers.not(hasItem((int) id)));

        // the user's version runs on; what the deployed row would have raised rolls nothing back
        for (int i = 0; i < 3; i++) {
            assertEquals(0, runBacklog(50).getList("findings").size());
        }
        JsonPath agent = Api.viewer().get("/api/agents/aws-usage").then().extract().jsonPath();
        assertEquals(made, agent.getInt("activeVersion.version"));
        Api.viewer().get(PROPOSALS + "/" + id).then().body("state", equalTo("superseded"));
    }

    private static JsonPath runBacklog(double value) {
        return Api.editor().contentType("application/json").body(run("{\"type\":\"MetricSample\",\"namespace\":\"Custom/Superseded\","
                        + "\"metric\":\"Backlog\",\"resource\":\"b-1\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":" + value + "}"))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static int activeVersion() {
        return Api.viewer().get("/api/agents/aws-usage").then().extract().jsonPath().getInt("activeVersion.version");
    }
}
