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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rule file asking for an action there is not (a misspelt name in {@code findings.act} or in a table's Action
 * column) is refused on upload with file, line or row and the known actions; the running version and the folder
 * stay as they were. Spelt right, the same table is accepted.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class UnknownActionApiTest {

    private static final String KNOWN = "add-tags, block-public-access, notify-owner, release-elastic-ip, "
            + "snapshot-delete-volume, stop-instance";

    private final String agent = "idle-" + UUID.randomUUID().toString().substring(0, 6);

    @BeforeEach
    void agentWithAnIdleRule() throws Exception {
        Api.editor().contentType("application/json")
                .body(new ObjectMapper().writeValueAsString(Map.of("name", agent, "template", "custom",
                        "files", Map.of("rules.drl", ActionRuleTest.IDLE_DRL))))
                .post("/api/agents").then().statusCode(201);
    }

    private int activeVersion() {
        return Api.viewer().get("/api/agents/" + agent).jsonPath().getInt("activeVersion.version");
    }

    private Path folder() {
        return RulesFolderResource.rulesDir().resolve(agent);
    }

    @Test
    void aDrlNamingAMisspeltActionIsRefusedAndTheRunningVersionStays() throws Exception {
        int active = activeVersion();
        String misspelt = ActionRuleTest.IDLE_DRL.replace("\"stop-instance\"", "\"stop-instnace\"");
        Api.editor().contentType("application/octet-stream").body(misspelt.getBytes(StandardCharsets.UTF_8))
                .put("/api/agents/" + agent + "/files/rules.drl").then().statusCode(422)
                .contentType("application/problem+json")
                .body("agent", equalTo(agent))
                .body("errors", hasSize(1))
                .body("errors[0].file", equalTo("rules.drl"))
                .body("errors[0].line", equalTo(19))
                .body("errors[0].reason", equalTo("rule \"Idle instance\": findings.act names the action \"stop-instnace\", "
                        + "which is not one of " + KNOWN));
        assertEquals(active, activeVersion());
        assertEquals(ActionRuleTest.IDLE_DRL, Files.readString(folder().resolve("rules.drl")));
    }

    @Test
    void aTableWhoseActionCellIsMisspeltIsRefusedByItsRowAndSpeltRightIsAccepted() {
        int active = activeVersion();
        Api.editor().contentType("application/octet-stream").body(table("stop-instnace"))
                .put("/api/agents/" + agent + "/files/idle.drl.csv").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors", hasSize(1))
                .body("errors[0].file", equalTo("idle.drl.csv"))
                .body("errors[0].row", equalTo(9))
                .body("errors[0].reason", equalTo("rule \"IdleTable_9\": findings.act names the action \"stop-instnace\", "
                        + "which is not one of " + KNOWN));
        assertEquals(active, activeVersion());
        assertEquals(false, Files.exists(folder().resolve("idle.drl.csv")));

        Api.editor().contentType("application/octet-stream").body(table("stop-instance"))
                .put("/api/agents/" + agent + "/files/idle.drl.csv").then().statusCode(200);
        assertEquals(active + 1, activeVersion());
    }

    /** A table over the agent's declared IdleInstance whose row 9 asks for the action given. */
    private static byte[] table(String action) {
        return String.join("\n",
                "RuleSet,io.log2.rules.idle",
                "Variables,io.log2.logic.Findings findings",
                "RuleTable IdleTable",
                "DESCRIPTION,CONDITION,ACTION,ACTION,METADATA,METADATA,NAME",
                ",$i : IdleInstance,,,,,",
                ",cpu < $param,\"findings.$param(kcontext, $i);\",\"findings.act(kcontext, $i, \"\"$param\"\");\","
                        + "\"severity(\"\"$param\"\")\",\"category(\"\"$param\"\")\",",
                "Rule,Max CPU,Kind,Action,Severity,Category,Id",
                "Very idle,1,recommend,,low,cost,IdleTable_8",
                "Idle,2,recommend," + action + ",low,cost,IdleTable_9").getBytes(StandardCharsets.UTF_8);
    }
}
