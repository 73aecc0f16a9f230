package io.log2.api;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class MetricsTest {

    private static double firings(String metrics, String rule) {
        Matcher m = Pattern.compile("log2_firings_total\\{[^}]*rule=\"" + rule + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void prometheusShowsFiringsPerRuleRunDurationAndTheActiveVersion() {
        double before = firings(given().get("/q/metrics").asString(), "MetricThresholds_11");
        Api.editor().contentType("application/json").body(run(ec2Cpu("i-m1", 95), ec2Cpu("i-m2", 96), ec2Cpu("i-m3", 10)))
                .post("/api/agents/aws-usage/runs").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(firings(metrics, "MetricThresholds_11") >= before + 2, metrics);
        assertTrue(metrics.contains("log2_run_duration_seconds_count{agent=\"aws-usage\""), "run duration timer");
        assertTrue(Pattern.compile("log2_ruleset_active_version\\{agent=\"aws-usage\"[^}]*} [1-9]").matcher(metrics).find(),
                "active version gauge");
    }
}
