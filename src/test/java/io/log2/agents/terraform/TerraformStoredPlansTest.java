package io.log2.agents.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.terraform.history.StoredPlans;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.log2.support.Sql;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checked plans' facts kept for backtests ({@code terraform_plan_fact}) go with their runs and are bounded by
 * {@code log2.terraform.replay-plans}; a plan whose facts cannot be kept is still answered with its logged run.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class TerraformStoredPlansTest {

    @Inject
    DataSource dataSource;
    @Inject
    StoredPlans stored;

    @BeforeEach
    void forgetStoredPlans() throws Exception {
        Sql.update(dataSource, "DELETE FROM terraform_plan_fact");
    }

    @Test
    void theFactsOfAPlanWhoseRunExpiredAreForgottenWhenTheNextPlanIsChecked() throws Exception {
        String old = runOf(importPlan("replaced-secret.json", "expiring.json"));
        assertTrue(facts(old) > 0);
        // the run goes as expiry removes an expired run; its firings and their figures stay, consistent with each
        // other (a real pass here would expire other tests' aged rows, which compare firings with their figures)
        Sql.update(dataSource, "DELETE FROM run_finding WHERE run_id = ?", old);
        Sql.update(dataSource, "DELETE FROM run WHERE id = ?", old);
        assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM run WHERE id = ?", old));

        String fresh = runOf(importPlan("replaced-secret.json", "fresh.json"));

        assertEquals(0, facts(old));
        assertTrue(facts(fresh) > 0);
        assertEquals(List.of(fresh), stored.last(10).stream().map(StoredPlans.StoredPlan::runId).toList());
    }

    @Test
    void onlyTheNewestPlansAreKept() throws Exception {
        String first = runOf(importPlan("replaced-secret.json", "first.json"));
        String second = runOf(importPlan("for-each-security-groups.json", "second.json"));
        String third = runOf(importPlan("replaced-secret.json", "third.json"));
        // the default bound (200) kept all three
        assertEquals(List.of(first, second, third), stored.last(10).stream().map(StoredPlans.StoredPlan::runId).toList());
        long kept = facts(second) + facts(third);

        assertEquals(facts(first), stored.forget(2));

        assertEquals(0, facts(first));
        assertEquals(kept, facts(second) + facts(third));
        assertEquals(List.of(second, third), stored.last(10).stream().map(StoredPlans.StoredPlan::runId).toList());
    }

    @Test
    void aPlanWhoseFactsCannotBeKeptIsStillAnsweredWithItsLoggedRun() throws Exception {
        String run;
        Sql.update(dataSource, "ALTER TABLE terraform_plan_fact RENAME TO terraform_plan_fact_away");
        try {
            JsonPath answer = importPlan("replaced-secret.json", "unkept.json");
            run = runOf(answer);
            assertEquals("terraform", answer.getString("run.agent"));
            assertTrue(answer.getList("run.findings").size() >= 3);
        } finally {
            Sql.update(dataSource, "ALTER TABLE terraform_plan_fact_away RENAME TO terraform_plan_fact");
        }
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM run WHERE id = ? AND agent = 'terraform'", run));
        assertEquals(0, facts(run));
        // the resources are kept all the same: only the facts were lost
        assertTrue(Sql.count(dataSource, "SELECT COUNT(*) FROM terraform_plan_resource WHERE run_id = ?", run) > 0);
    }

    private static JsonPath importPlan(String file, String name) throws Exception {
        return Api.editor().multiPart("file", name, Files.readAllBytes(TerraformReplayTest.PLANS.resolve(file)), "application/json")
                .post("/api/agents/terraform/imports").then().statusCode(200).extract().jsonPath();
    }

    private static String runOf(JsonPath answer) {
        return answer.getString("run.runId");
    }

    private long facts(String runId) throws Exception {
        return Sql.count(dataSource, "SELECT COUNT(*) FROM terraform_plan_fact WHERE run_id = ?", runId);
    }
}
