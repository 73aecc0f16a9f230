package io.log2.actions;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Action column of the bundled aws-usage RequiredTags table: the row "EC2 instances need an owner" names
 * {@code add-tags}, so its firing raises that action with the row's own finding; a row with an empty Action cell
 * raises none. The policy says never, so no AWS call is made.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class ActionColumnTest {

    @Inject
    ActionService service;

    @BeforeEach
    void policy() throws Exception {
        ActionsTest.policy("add-tags,,,,,,never\n");
        service.enabled(true);
    }

    private JsonPath run(String... facts) {
        JsonPath result = Api.editor().contentType("application/json").body("{\"facts\":[" + String.join(",", facts) + "]}")
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
        service.awaitRaised();
        return result;
    }

    @Test
    void aRowNamingAnActionRaisesItWithTheRowsFinding() {
        String instance = "i-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        String database = "db-" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath result = run(
                "{\"type\":\"ResourceState\",\"resourceType\":\"AWS::EC2::Instance\",\"resource\":\"" + instance
                        + "\",\"region\":\"us-east-1\",\"tags\":{\"cost-center\":\"cc-7\",\"environment\":\"dev\"}}",
                "{\"type\":\"ResourceState\",\"resourceType\":\"AWS::RDS::DBInstance\",\"resource\":\"" + database
                        + "\",\"region\":\"us-east-1\",\"tags\":{}}");
        List<String> instanceFindings = result.getList("findings.findAll { it.resource == '" + instance + "' }.rule");
        assertEquals(List.of("RequiredTags_49"), instanceFindings, "one finding: the action adds none of its own");
        assertEquals("alert", result.getString("findings.find { it.resource == '" + instance + "' }.kind"));
        int finding = result.getInt("findings.find { it.resource == '" + instance + "' }.id");

        Api.viewer().queryParam("resource", instance).get("/api/actions").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].action", equalTo("add-tags"))
                .body("items[0].rule", equalTo("RequiredTags_49"))
                .body("items[0].findingId", equalTo(finding))
                .body("items[0].runId", equalTo(result.getString("runId")))
                .body("items[0].environment", equalTo("dev"))
                .body("items[0].decision", equalTo("never"))
                .body("items[0].state", equalTo("refused"));
        assertEquals("RequiredTags_51", result.getString("findings.find { it.resource == '" + database + "' }.rule"));
        Api.viewer().queryParam("resource", database).get("/api/actions").then().statusCode(200).body("items", hasSize(0));
    }
}
