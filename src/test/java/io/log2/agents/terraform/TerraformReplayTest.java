package io.log2.agents.terraform;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lesson the terraform agent learns from the aws-usage agent (an instance size the account runs idle, a tag it keeps
 * flagging) is backtested on the plans the service checked before, plan by plan, and its watch after deployment
 * holds the live plans to that promise: kept when the live plans change as the stored ones did, rolled back when
 * they get much noisier than the stored plans said.
 *
 * <p>Alerts of the shipped rules on the plans used, worked out from the plans:
 * <ul>
 *   <li>for-each-security-groups.json: 3 security groups open 10 administrative ports each to 0.0.0.0/0 (30), and
 *       they and 2 Route 53 zones have no owner and no cost-center tag (10): 40. No priced change, so no cost or
 *       budget finding. The lesson's environment tag adds 5 (the 5 tagged resources), its t2.micro size none: 45.</li>
 *   <li>replaced-secret.json: the replaced secret is stateful (1) and has no owner and no cost-center tag (2): 3.
 *       Nothing priced. The lesson adds its missing environment tag: 4.</li>
 *   <li>nested-config-keys.json: aws_instance.foo is a t2.micro outside the allowed sizes (1), without owner and
 *       cost-center tags (2): 3, plus the budget findings the aws-usage agent's month-end forecast gives its $8.47 a
 *       month (read from the import's run, as that forecast depends on the stored cost history). The lesson adds
 *       the t2.micro size and the environment tag: 5.</li>
 * </ul>
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class TerraformReplayTest {

    static final Path PLANS = Path.of("src/test/resources/terraform-plans");
    static final String PROPOSALS = "/api/agents/terraform/proposals";

    @Inject
    DataSource dataSource;

    private int base;

    /** The stored history is exactly the plans each test imports. */
    @BeforeEach
    void forgetStoredPlans() throws Exception {
        base = activeVersion();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM terraform_plan_fact");
        }
    }

    @AfterEach
    void backToTheShippedRules() {
        if (activeVersion() != base) {
            Api.as("approver").contentType("application/json").body("{\"reason\":\"back to the version before the replay test\"}")
                    .post("/api/agents/terraform/versions/" + base + "/activate").then().statusCode(200);
        }
    }

    @Test
    void aLessonThatChangesLivePlansAsItChangedTheStoredOnesIsKept() throws Exception {
        int budget = 0;
        assertEquals(40, alerts(importPlan("for-each-security-groups.json", "history-sg.json")));
        budget += budgetAlerts(importPlan("nested-config-keys.json", "history-instance.json"));
        assertEquals(3, alerts(importPlan("replaced-secret.json", "history-secret.json")));
        long facts = storedFacts();

        long id = propose();
        JsonPath p = proposal(id);
        assertEquals("awaiting-approval", p.getString("state"), p.prettify());
        // before: 40 + (3 + budget) + 3; after: 45 + (5 + budget) + 4, i.e. 8 more
        assertEquals(facts, p.getLong("backtest.facts"));
        assertEquals(46 + budget, p.getInt("backtest.before.alerts"));
        assertEquals(54 + budget, p.getInt("backtest.after.alerts"));
        assertEquals(8.0 / (46 + budget), p.getDouble("backtest.alertChange"), 1e-6);
        Map<String, Object> tag = rule(p, "RequiredTags-from-aws-usage");
        assertEquals(0, tag.get("before"));
        assertEquals(7, tag.get("after"));
        Map<String, Object> size = rule(p, "AccountSizes-from-aws-usage");
        assertEquals(1, size.get("after"));

        approve(id);
        // live: 4 alerts where the replaced version raises 3 (+33%), within the promised +15 to +17% and the 25-point
        // tolerance; then 45 against 40 and 4 against 3 again: 53 against 46 (+15%) over the three runs
        assertEquals(4, alerts(importPlan("replaced-secret.json", "live-secret.json")));
        proposal(id, "watching", 1, 4, 3);
        assertEquals(45, alerts(importPlan("for-each-security-groups.json", "live-sg.json")));
        assertEquals(4, alerts(importPlan("replaced-secret.json", "live-secret-2.json")));
        JsonPath kept = proposal(id, "deployed", 3, 53, 46);
        assertEquals(List.of("proposed", "validated", "approved", "deployed", "kept"), kept.getList("history.event"));
    }

    @Test
    void aLessonFarNoisierOnLivePlansThanOnTheStoredOnesIsRolledBack() throws Exception {
        assertEquals(40, alerts(importPlan("for-each-security-groups.json", "history-sg.json")));

        long id = propose();
        JsonPath p = proposal(id);
        // one stored plan: 40 alerts before, 45 after (the environment tag on 5 resources): +12.5%
        assertEquals(40, p.getInt("backtest.before.alerts"));
        assertEquals(45, p.getInt("backtest.after.alerts"));
        assertEquals(0.125, p.getDouble("backtest.alertChange"), 1e-6);

        approve(id);
        // live: 5 + b alerts where the replaced version raises 3 + b, b budget findings (0 or 1): +67% or +50%, more
        // than the promised +12.5% and the 25-point tolerance
        JsonPath run = importPlan("nested-config-keys.json", "live-instance.json");
        int b = budgetAlerts(run);
        assertEquals(5 + b, alerts(run));
        Api.viewer().get(PROPOSALS + "/" + id).then().statusCode(200)
                .body("state", equalTo("rolled-back"))
                .body("watch.alerts", equalTo(5 + b))
                .body("watch.alertsBefore", equalTo(3 + b))
                .body("decisionReason", containsString("the backtest promised +13%"));
        assertEquals(true, activeVersion() > base);
        Api.viewer().get("/api/agents/terraform/versions/" + base).then()
                .body("contentHash", equalTo(Api.viewer().get("/api/agents/terraform").then().extract().jsonPath()
                        .getString("activeVersion.contentHash")));
    }

    /** The lesson as the aws-usage agent's findings make it: the t2.micro size and the environment tag. */
    private static long propose() {
        long n = System.nanoTime() % 1_000_000_000L;
        String body = """
                {"learner":"from-aws-usage","reason":"lessons from the aws-usage agent","changes":[
                  {"kind":"ADD","file":"account-sizes.drl.xlsx","table":"AccountSizes","rowId":"AccountSizes-from-aws-usage-%1$d",
                   "cells":{"Rule":"t2.micro runs idle or over-provisioned in this account","Resource type":"aws_instance",
                            "Size":"t2.micro","Kind":"alert","Severity":"low","Category":"cost",
                            "Message":"Account lesson: {type} {resource} asks for {size}, a size this account already runs idle"},
                   "reason":"add aws_instance t2.micro"},
                  {"kind":"ADD","file":"required-tags.drl.xlsx","table":"RequiredTags","rowId":"RequiredTags-from-aws-usage-%1$d",
                   "cells":{"Rule":"Tag environment required","Resource types,tag key":"aws_.*,environment","Kind":"alert",
                            "Severity":"low","Category":"security","Message":"Missing tag: {type} {resource} has no environment tag (tags: {tags})"},
                   "reason":"add tag environment"}]}
                """.formatted(n);
        return Api.editor().contentType("application/json").body(body).post(PROPOSALS).then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    private static void approve(long id) {
        Api.as("approver").contentType("application/json").body("{\"reason\":\"the account says so\"}")
                .post(PROPOSALS + "/" + id + "/approve").then().statusCode(200).body("state", equalTo("watching"));
    }

    private static JsonPath proposal(long id) {
        return Api.viewer().get(PROPOSALS + "/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath proposal(long id, String state, int runs, int alerts, int before) {
        JsonPath p = proposal(id);
        assertEquals(state, p.getString("state"), p.prettify());
        assertEquals(runs, p.getInt("watch.runs"));
        assertEquals(alerts, p.getInt("watch.alerts"));
        assertEquals(before, p.getInt("watch.alertsBefore"));
        return p;
    }

    private static Map<String, Object> rule(JsonPath p, String prefix) {
        List<Map<String, Object>> rules = p.getList("backtest.rules");
        return rules.stream().filter(r -> ((String) r.get("rule")).startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + prefix + " in " + rules));
    }

    private static JsonPath importPlan(String file, String name) throws Exception {
        return Api.editor().multiPart("file", name, Files.readAllBytes(PLANS.resolve(file)), "application/json")
                .post("/api/agents/terraform/imports").then().statusCode(200).extract().jsonPath();
    }

    private static int alerts(JsonPath run) {
        List<String> kinds = run.getList("run.findings.kind");
        return (int) kinds.stream().filter("alert"::equals).count();
    }

    private static int budgetAlerts(JsonPath run) {
        List<String> messages = run.getList("run.findings.message");
        return (int) messages.stream().filter(m -> m.startsWith("Budget:")).count();
    }

    private long storedFacts() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM terraform_plan_fact")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int activeVersion() {
        return Api.viewer().get("/api/agents/terraform").then().statusCode(200).extract().jsonPath().getInt("activeVersion.version");
    }
}
