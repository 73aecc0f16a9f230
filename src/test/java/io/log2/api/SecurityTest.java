package io.log2.api;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class SecurityTest {

    @Test
    void everyApiEndpointNeedsCredentials() {
        for (String path : new String[] {"/api/agents", "/api/agents/aws-usage", "/api/agents/aws-usage/versions",
                "/api/firings", "/api/firings/1", "/api/runs/x", "/api/users"}) {
            given().get(path).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Basic realm=\"log2\"").body("status", equalTo(401));
        }
        given().contentType("application/json").body(run(ec2Cpu("i-1", 99))).post("/api/agents/aws-usage/runs")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aWrongPasswordIsA401() {
        given().auth().preemptive().basic("admin", "not-the-password").get("/api/firings")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().preemptive().basic("nobody", "whatever-password").get("/api/firings")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void rolesDecideWhatAUserMayDo() {
        Api.viewer().get("/api/firings").then().statusCode(200);
        Api.viewer().contentType("application/json").body(run(ec2Cpu("i-1", 99))).post("/api/agents/aws-usage/runs")
                .then().statusCode(403).contentType("application/problem+json").body("title", equalTo("Forbidden"));
        Api.viewer().contentType("text/plain").body("rule x").put("/api/agents/aws-usage/files/x.drl")
                .then().statusCode(403).contentType("application/problem+json");
        Api.as("approver").get("/api/agents").then().statusCode(200);
        Api.editor().get("/api/users").then().statusCode(403).contentType("application/problem+json");
        Api.editor().contentType("application/json").body(run(ec2Cpu("i-1", 99))).post("/api/agents/aws-usage/runs")
                .then().statusCode(200);
    }

    @Test
    void adminsManageUsers() {
        Api.admin().contentType("application/json")
                .body("{\"username\":\"alice\",\"password\":\"correct horse\",\"roles\":[\"viewer\",\"editor\"]}")
                .post("/api/users").then().statusCode(201).body("roles", hasItem("editor"));
        given().auth().preemptive().basic("alice", "correct horse").get("/api/agents").then().statusCode(200);
        Api.admin().contentType("application/json")
                .body("{\"username\":\"bob\",\"password\":\"short\",\"roles\":[\"viewer\"]}")
                .post("/api/users").then().statusCode(400).body("where", equalTo("/password"));
        Api.admin().contentType("application/json")
                .body("{\"username\":\"carol\",\"password\":\"long enough\",\"roles\":[\"superuser\"]}")
                .post("/api/users").then().statusCode(400).body("where", equalTo("/roles"));
    }

    @Test
    void healthMetricsAndOpenApiStayOpen() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi").then().statusCode(200);
    }
}
