package io.log2.agents.awsusage.collect;

import static io.log2.support.Facts.run;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.ResourceState;
import io.log2.logs.RunResult;
import io.log2.logs.RunService;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** State findings (a public bucket) are resolved by a later complete inventory that no longer shows them. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AwsStubResource.class, scope = TestResourceScope.GLOBAL)
class InventoryFindingsTest {

    @Inject
    RunService runs;

    private static String publicBucket(String name) {
        return "{\"type\":\"ResourceState\",\"resourceType\":\"AWS::S3::Bucket\",\"resource\":\"" + name
                + "\",\"publicAccess\":true,\"encrypted\":true,\"tags\":{\"owner\":\"ops\"}}";
    }

    private static long openFinding(String bucket) {
        JsonPath run = Api.editor().contentType("application/json").body(run(publicBucket(bucket)))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
        assertEquals("opened", run.getString("findings[0].action"));
        assertEquals("Compliance: S3 bucket " + bucket + " is publicly accessible", run.getString("findings[0].message"));
        return run.getLong("findings[0].id");
    }

    private static List<Object> idsOfRun(String runId) {
        List<Object> ids = new ArrayList<>();
        String cursor = null;
        do {
            var request = Api.viewer().queryParam("limit", 1000);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/runs/" + runId + "/findings").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id"));
            cursor = page.getString("next");
        } while (cursor != null);
        return ids;
    }

    @Test
    void aCycleWhoseInventoryIsCompleteResolvesTheFindingOfABucketItNoLongerShows() {
        long id = openFinding("gone-bucket-" + System.nanoTime());
        JsonPath cycle = Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200).extract().jsonPath();
        assertEquals("ok", cycle.getMap("collectors").get("inventory@us-east-1"), cycle.prettify());
        String runId = cycle.getString("runId");
        Api.viewer().get("/api/findings/" + id).then().statusCode(200)
                .body("state", equalTo("resolved")).body("resolvedBy", equalTo(runId));
        assertTrue(idsOfRun(runId).contains((int) id), "the cycle's run lists the finding it resolved");
        // A bucket the inventory does show stays open, seen again.
        JsonPath open = Api.viewer().queryParam("state", "open").queryParam("rule", "Public S3 bucket")
                .get("/api/findings").then().statusCode(200).extract().jsonPath();
        assertTrue(open.getList("items.lastRunId", String.class).contains(runId), open.prettify());
    }

    @Test
    void aRunThatDoesNotHoldTheInventoryCompletelyLeavesItsFindingsOpen() {
        String bucket = "kept-bucket-" + System.nanoTime();
        long id = openFinding(bucket);
        ResourceState other = new ResourceState("AWS::S3::Bucket", "other-" + bucket, "us-east-1", false, true, Map.of("owner", "ops"));
        RunResult partial = runs.runFacts(AwsUsageAgent.NAME, List.of(other), List.of("inventory@eu-west-1: failed"), Set.of());
        assertTrue(partial.findings().stream().noneMatch(f -> f.id() == id));
        Api.viewer().get("/api/findings/" + id).then().statusCode(200).body("state", equalTo("open"));

        RunResult complete = runs.runFacts(AwsUsageAgent.NAME, List.of(other), List.of(), Set.of(ResourceState.class));
        assertTrue(complete.findings().stream().anyMatch(f -> f.id() == id && f.action().equals("resolved")
                && f.state().equals("resolved") && f.seen() == 0 && f.firing() == null), complete.findings().toString());
        Api.viewer().get("/api/findings/" + id).then().statusCode(200)
                .body("state", equalTo("resolved")).body("resolvedBy", equalTo(complete.runId()));
    }
}
