package io.log2.api;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class RunApiTest {

    @Inject
    DataSource dataSource;

    @Test
    void aRunReturnsItsFindingsWithTheRowAndVersionThatRaisedThem() {
        String hot = "i-0abc-" + System.nanoTime();
        JsonPath run = Api.editor().contentType("application/json")
                .body(run(ec2Cpu(hot, 93.0), ec2Cpu("i-0def", 42.0)))
                .post("/api/agents/aws-usage/runs")
                .then().statusCode(200)
                .body("runId", notNullValue())
                .body("version", notNullValue())
                .body("findings", hasSize(1))
                .body("moreFindings", nullValue())
                .extract().jsonPath();
        assertEquals("opened", run.getString("findings[0].action"));
        assertEquals("open", run.getString("findings[0].state"));
        assertEquals(1, run.getInt("findings[0].seen"));
        assertEquals(1, run.getInt("findings[0].firing"));
        assertEquals("alert", run.getString("findings[0].kind"));
        assertEquals("high", run.getString("findings[0].severity"));
        assertEquals("thresholds.drl.xlsx", run.getString("findings[0].file"));
        assertEquals(11, run.getInt("findings[0].row"));
        assertEquals("MetricThresholds_11", run.getString("findings[0].rule"));
        assertEquals(hot, run.getString("findings[0].resource"));
        assertEquals(93.0, run.getDouble("findings[0].value"));
        assertEquals(80.0, run.getDouble("findings[0].threshold"));
        assertEquals("EC2 CPU 93.0% on " + hot + " is above the 80% threshold", run.getString("findings[0].message"));
        // The id is the finding's own, which leads to the firing, row and version that raised it.
        long id = run.getLong("findings[0].id");
        JsonPath finding = Api.viewer().get("/api/findings/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(hot, finding.getString("resource"));
        assertEquals(run.getString("runId"), finding.getString("firstRunId"));
        assertEquals(run.getInt("version"), finding.getInt("version"));
        assertEquals(11, finding.getInt("row"));
        Api.viewer().get("/api/firings/" + finding.getLong("firstFiring")).then().statusCode(200)
                .body("runId", equalTo(run.getString("runId"))).body("seq", equalTo(1))
                .body("facts[0].value", equalTo(93.0f));
    }

    @Test
    void whenTheRunReturnsAllItsFiringsAreCommitted() throws Exception {
        StringBuilder facts = new StringBuilder();
        int hot = 0;
        for (int i = 0; i < 400; i++) {
            double value = (i % 7 == 0) ? 95.0 : 20.0;
            hot += value > 80 ? 1 : 0;
            facts.append(i == 0 ? "" : ",").append(ec2Cpu("i-" + i, value));
        }
        JsonPath run = Api.editor().contentType("application/json").body("{\"facts\":[" + facts + "]}")
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
        assertEquals(hot, run.getInt("firingCount"));
        // Read straight from the database, on a connection of its own, right after the response.
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM firing WHERE run_id = ?")) {
            ps.setString(1, run.getString("runId"));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(hot, rs.getInt(1));
            }
        }
    }

    @Test
    void aStoredRunShowsItsFindingsAndFirings() {
        JsonPath run = Api.editor().contentType("application/json").body(run(ec2Cpu("i-run", 99.5)))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
        String runId = run.getString("runId");
        Api.viewer().get("/api/runs/" + runId).then().statusCode(200)
                .body("runId", equalTo(runId))
                .body("version", equalTo(run.getInt("version")))
                .body("findings", hasSize(1))
                .body("findings[0].id", equalTo(run.getInt("findings[0].id")))
                .body("findings[0].action", equalTo(run.getString("findings[0].action")))
                .body("findings[0].row", equalTo(11))
                .body("findings[0].message", equalTo("EC2 CPU 99.5% on i-run is above the 80% threshold"))
                .body("moreFindings", nullValue())
                .body("firings", hasSize(1))
                .body("firings[0].rule", equalTo("MetricThresholds_11"))
                .body("firings[0].row", equalTo(11))
                .body("firings[0].facts[0].type", equalTo("MetricSample"))
                .body("firings[0].facts[0].resource", equalTo("i-run"))
                .body("firings[0].bindings.'$threshold'", equalTo(80.0f))
                .body("firings[0].bindings.'$value'", equalTo(99.5f))
                .body("moreFirings", nullValue());
        Api.viewer().get("/api/runs/no-such-run").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void factsOfEveryTypeAreAccepted() {
        // Accounts and resources of their own, so that no finding of another test is seen again or resolved here.
        String a = "acct-" + System.nanoTime();
        Api.editor().contentType("application/json").body(run(
                        "{\"type\":\"DailyCost\",\"account\":\"" + a + "\",\"date\":\"2026-11-20\",\"amount\":4.0}",
                        "{\"type\":\"MonthToDate\",\"account\":\"" + a + "\",\"month\":\"2026-11\",\"amount\":10.0}",
                        "{\"type\":\"ServiceCost\",\"account\":\"" + a + "\",\"month\":\"2026-11\",\"service\":\"Amazon S3\",\"amount\":1.0}",
                        "{\"type\":\"ApiEvent\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\"}",
                        "{\"type\":\"ResourceState\",\"resourceType\":\"AWS::EC2::Volume\",\"resource\":\"vol-" + a + "\",\"encrypted\":true}"))
                .post("/api/agents/aws-usage/runs").then().statusCode(200)
                .body("factCount", equalTo(5)).body("firingCount", equalTo(0)).body("findings", hasSize(0));
    }
}
