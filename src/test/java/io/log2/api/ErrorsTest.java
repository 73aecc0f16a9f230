package io.log2.api;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class ErrorsTest {

    private static final String RUNS = "/api/agents/aws-usage/runs";

    @Test
    void malformedJsonNamesWhereItBroke() {
        Api.editor().contentType("application/json").body("{\"facts\": [\n  {\"type\": \"MetricSample\", \"value\": }\n]}")
                .post(RUNS).then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON")).body("line", equalTo(2)).body("column", notNullValue());
    }

    @Test
    void controlCharactersInParametersAreA400NamingTheParameter() {
        for (String path : new String[] {"/api/firings", "/api/findings"}) {
            for (String value : new String[] {"%00", "i-0abc%0D%0AX-Injected:%201", "%7F"}) {
                Api.viewer().urlEncodingEnabled(false).get(path + "?agent=aws-usage&resource=" + value)
                        .then().statusCode(400).contentType("application/problem+json")
                        .body("where", equalTo("resource")).body("detail", containsString("control character"));
            }
        }
        Api.viewer().urlEncodingEnabled(false).get("/api/runs/run%00id").then().statusCode(400)
                .contentType("application/problem+json").body("where", equalTo("id"));
        Api.viewer().urlEncodingEnabled(false).get("/api/firings?resource=i-0abc%20%C3%A9t%C3%A9%20%F0%9F%98%80")
                .then().statusCode(200);
    }

    @Test
    void anUnknownFactTypeIsA400() {
        Api.editor().contentType("application/json").body(run(ec2Cpu("i-1", 50), "{\"type\":\"Banana\"}"))
                .post(RUNS).then().statusCode(400).contentType("application/problem+json")
                .body("where", equalTo("/facts/1/type")).body("detail", containsString("Banana"));
    }

    @Test
    void aMisspeltFieldOrAWrongValueIsA400() {
        Api.editor().contentType("application/json")
                .body(run("{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\"i\",\"value\":1,\"valeu\":2}"))
                .post(RUNS).then().statusCode(400).body("where", equalTo("/facts/0/valeu"));
        Api.editor().contentType("application/json")
                .body(run("{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\"i\",\"value\":\"high\"}"))
                .post(RUNS).then().statusCode(400).body("where", equalTo("/facts/0/value"));
        Api.editor().contentType("application/json")
                .body(run("{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\"i\"}"))
                .post(RUNS).then().statusCode(400).body("where", equalTo("/facts/0/value"));
        Api.editor().contentType("application/json").body("{\"fact\":[]}").post(RUNS).then().statusCode(400)
                .contentType("application/problem+json");
        Api.editor().contentType("application/json").body("[1,2]").post(RUNS).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void anUnknownAgentIsA404() {
        Api.editor().contentType("application/json").body(run(ec2Cpu("i-1", 50))).post("/api/agents/nope/runs")
                .then().statusCode(404).contentType("application/problem+json").body("title", equalTo("Unknown agent"));
        Api.viewer().get("/api/agents/nope").then().statusCode(404).contentType("application/problem+json");
        Api.viewer().get("/api/agents/nope/versions").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anOversizedBodyIsA413() {
        StringBuilder big = new StringBuilder("{\"facts\":[");
        for (int i = 0; big.length() < 1_200_000; i++) {
            big.append(i == 0 ? "" : ",").append(ec2Cpu("i-" + i, 10));
        }
        big.append("]}");
        Api.editor().contentType("application/json").body(big.toString()).post(RUNS)
                .then().statusCode(413).contentType("application/problem+json").body("limit", equalTo(1048576));
    }

    @Test
    void anUnknownPathOrMethodIsAProblemToo() {
        Api.viewer().get("/api/nothing-here").then().statusCode(404).contentType("application/problem+json");
        Api.viewer().delete("/api/firings").then().statusCode(405).contentType("application/problem+json");
    }
}
