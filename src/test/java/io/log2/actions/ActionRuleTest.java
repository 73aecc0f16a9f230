package io.log2.actions;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rule asks for an action with {@code findings.act}: a run of an agent made through the API logs the finding, and
 * the action carries the run, finding and firing that caused it; with actions off, the same run raises nothing.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class ActionRuleTest {

    static final String IDLE_DRL = """
            package io.log2.rules.idle

            global io.log2.logic.Findings findings

            declare IdleInstance
                resource : String
                account : String
                environment : String
                owner : String
                cpu : double
            end

            rule "Idle instance"
                @severity("low") @category("cost")
                @message("{resource} is idle at {cpu}% CPU")
            when
                $i : IdleInstance( cpu < 2 )
            then
                findings.act(kcontext, $i, "stop-instance");
            end
            """;

    @Inject
    ActionService service;
    @Inject
    ActionClients clients;

    private ActionStub aws;
    private final String agent = "idle-" + UUID.randomUUID().toString().substring(0, 6);
    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp() throws Exception {
        aws = new ActionStub();
        clients.use(aws.clients());
        ActionsTest.policy("stop-instance,low,dev,,,,auto\n");
        service.resume("test");
        service.enabled(true);
        Api.editor().contentType("application/json")
                .body(new ObjectMapper().writeValueAsString(Map.of("name", agent, "template", "custom", "files", Map.of("rules.drl", IDLE_DRL))))
                .post("/api/agents").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        service.enabled(true);
        aws.close();
    }

    private JsonPath run(String instance, double cpu) {
        String fact = "{\"type\":\"IdleInstance\",\"resource\":\"" + instance + "\",\"account\":\"" + account
                + "\",\"environment\":\"dev\",\"owner\":\"team-a@example.com\",\"cpu\":" + cpu + "}";
        JsonPath result = Api.editor().contentType("application/json").body("{\"facts\":[" + fact + "]}")
                .post("/api/agents/" + agent + "/runs").then().statusCode(200).extract().jsonPath();
        // actions are raised off the run's thread
        service.awaitRaised();
        return result;
    }

    @Test
    void aRuleRaisesAnActionTiedToItsFindingAndFiring() {
        aws.instance("i-0aaa1111bbbb2222c", "running");
        JsonPath result = run("i-0aaa1111bbbb2222c", 0.4);
        assertEquals("recommendation", result.getString("findings[0].kind"));
        long finding = result.getLong("findings[0].id");
        Api.viewer().queryParam("account", account).get("/api/actions").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].action", equalTo("stop-instance"))
                .body("items[0].resource", equalTo("i-0aaa1111bbbb2222c"))
                .body("items[0].runId", equalTo(result.getString("runId")))
                .body("items[0].findingId", equalTo((int) finding))
                .body("items[0].firing", equalTo(1))
                .body("items[0].rule", equalTo("Idle instance"))
                .body("items[0].severity", equalTo("low"))
                .body("items[0].environment", equalTo("dev"))
                .body("items[0].owner", equalTo("team-a@example.com"))
                .body("items[0].decision", equalTo("auto"))
                .body("items[0].state", equalTo("verified"));
        assertEquals("stopped", aws.state("i-0aaa1111bbbb2222c"));
    }

    @Test
    void withActionsOffARunRaisesNone() {
        service.enabled(false);
        aws.instance("i-0ccc3333dddd4444e", "running");
        JsonPath result = run("i-0ccc3333dddd4444e", 0.4);
        assertEquals("recommendation", result.getString("findings[0].kind"));
        Api.viewer().queryParam("account", account).get("/api/actions").then().statusCode(200).body("items", hasSize(0));
        assertEquals(java.util.List.of(), aws.requests("i-0ccc3333dddd4444e"));
        assertEquals("running", aws.state("i-0ccc3333dddd4444e"));
    }
}
