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
        JsonPath run = Api.editor().contentType("application/json")
                .body(run(ec2Cpu("i-0abc", 93.0), ec2Cpu("i-0def", 42.0)))
                .post("/api/agents/aws-usage/runs")
                .then().statusCode(200)
                .body("runId", notNullValue())
                .body("version", notNullValue())
                .body("findings", hasSize(1))
                .extract().jsonPath();
        assertEquals("alert", run.getString("findings[0].kind"));
        assertEquals("high", run.getString("findings[0].severity"));
        assertEquals("thresholds.drl.xlsx", run.getString("findings[0].file"));
        assertEquals(11, run.getInt("findings[0].row"));
        assertEquals("MetricThresholds_11", run.getString("findings[0].rule"));
        assertEquals("i-0abc", run.getString("findings[0].resource"));
        assertEquals(93.0, run.getDouble("findings[0].value"));
        assertEquals(80.0, run.getDouble("findings[0].threshold"));
        assertEquals("EC2 CPU 93.0% on i-0abc is above the 80% threshold", run.getString("findings[0].message"));
        assertEquals(run.getString("runId") + ".1", run.getString("findings[0].id"));
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
                .body("findings[0].message", equalTo("EC2 CPU 99.5% on i-run is above the 80% threshold"))
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
        Api.editor().contentType("application/json").body(run(
                        "{\"type\":\"DailyCost\",\"account\":\"111\",\"date\":\"2026-11-20\",\"amount\":4.0}",
                        "{\"type\":\"MonthToDate\",\"account\":\"111\",\"month\":\"2026-11\",\"amount\":10.0}",
                        "{\"type\":\"ServiceCost\",\"account\":\"111\",\"month\":\"2026-11\",\"service\":\"Amazon S3\",\"amount\":1.0}",
                        "{\"type\":\"ApiEvent\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\"}",
                        "{\"type\":\"ResourceState\",\"resourceType\":\"AWS::EC2::Volume\",\"resource\":\"vol-1\",\"encrypted\":true}"))
                .post("/api/agents/aws-usage/runs").then().statusCode(200)
                .body("factCount", equalTo(5)).body("findings", hasSize(0));
    }
}
