package io.log2.intelligence.proposal;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * A row a proposal adds cannot take the Id of a row the table had before and lost: the retired row's firings,
 * findings and feedback would seem to be the new row's.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class RetiredRowIdTest {

    private static final String PROPOSALS = "/api/agents/aws-usage/proposals";

    @Test
    void anAddedRowCannotReuseTheIdOfARetiredRow() {
        String row = "Retired_" + System.nanoTime() % 100000;
        long added = propose("""
                {"learner":"person","changes":[{"kind":"ADD","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"%s",
                 "cells":{"Rule":"retired soon","Threshold":"10","Namespace":"Custom/Retired","Metric":"Depth","Measure":"value",
                          "Test":">","Kind":"alert","Severity":"low","Category":"performance","Message":"depth {value}"}}]}
                """.formatted(row)).then().statusCode(201).extract().jsonPath().getLong("id");
        approve(added);
        long removed = propose("""
                {"learner":"person","changes":[{"kind":"REMOVE","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"%s"}]}
                """.formatted(row)).then().statusCode(201).extract().jsonPath().getLong("id");
        approve(removed);

        // the table no longer has the row, yet its Id stays its own
        propose("""
                {"learner":"person","changes":[{"kind":"ADD","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"%s",
                 "cells":{"Rule":"a new row","Threshold":"20","Namespace":"Custom/Retired","Metric":"Depth","Measure":"value",
                          "Test":">","Kind":"alert","Severity":"low","Category":"performance","Message":"depth {value}"}}]}
                """.formatted(row)).then().statusCode(400)
                .body("where", equalTo("/changes/0/rowId"))
                .body("detail", containsString("'" + row + "' is or was the Id of another rule"));
        // and a new Id is taken
        long fresh = propose("""
                {"learner":"person","changes":[{"kind":"ADD","file":"thresholds.drl.xlsx","table":"MetricThresholds","rowId":"%s",
                 "cells":{"Rule":"a new row","Threshold":"20","Namespace":"Custom/Retired","Metric":"Depth","Measure":"value",
                          "Test":">","Kind":"alert","Severity":"low","Category":"performance","Message":"depth {value}"}}]}
                """.formatted(row + "b")).then().statusCode(201).body("state", equalTo("awaiting-approval")).extract().jsonPath().getLong("id");
        Api.as("approver").contentType("application/json").body("{\"reason\":\"only a test\"}").post(PROPOSALS + "/" + fresh + "/reject")
                .then().statusCode(200);
    }

    private static io.restassured.response.Response propose(String body) {
        return Api.editor().contentType("application/json").body(body).post(PROPOSALS);
    }

    private static void approve(long id) {
        Api.as("approver").contentType("application/json").body("{\"reason\":\"ok\"}").post(PROPOSALS + "/" + id + "/approve")
                .then().statusCode(200).body("state", equalTo("watching"));
    }
}
