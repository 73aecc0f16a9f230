package io.log2.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Values a rule must never compare and the log cannot store are refused at the edge with a 400 naming the fact
 * and field, and nothing of the run is evaluated or stored.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class FactValuesTest {

    private static final String RUNS = "/api/agents/aws-usage/runs";

    private static String cpu(String resource, String value, String capacity) {
        return "{\"facts\":[{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\""
                + resource + "\",\"value\":" + value + (capacity == null ? "" : ",\"capacity\":" + capacity) + "}]}";
    }

    private static void refused(String body, String where, String detail) {
        Api.editor().contentType("application/json").body(body).post(RUNS)
                .then().statusCode(400).contentType("application/problem+json")
                .body("where", equalTo(where)).body("detail", containsString(detail));
    }

    private static void nothingFiredOn(String resource) {
        Api.viewer().queryParam("resource", resource).get("/api/firings").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void numbersThatAreNotFiniteAreRefused() {
        String resource = "i-nonfinite-" + System.nanoTime();
        // 1e400 is a JSON number that no double holds: Jackson reads it as Infinity, which is above every threshold.
        refused(cpu(resource, "1e400", null), "/facts/0/value", "finite");
        refused(cpu(resource, "-1e400", null), "/facts/0/value", "finite");
        refused(cpu(resource, "\"Infinity\"", null), "/facts/0/value", "finite");
        refused(cpu(resource, "\"NaN\"", null), "/facts/0/value", "finite");
        refused(cpu(resource, "\"1e400\"", null), "/facts/0/value", "finite");
        refused(cpu(resource, "50", "1e400"), "/facts/0/capacity", "finite");
        refused("{\"facts\":[{\"type\":\"MonthToDate\",\"month\":\"2026-11\",\"amount\":10,\"projected\":\"-Infinity\"}]}",
                "/facts/0/projected", "MonthToDate");
        nothingFiredOn(resource);
        // A NaN literal is not JSON at all.
        Api.editor().contentType("application/json").body(cpu(resource, "NaN", null)).post(RUNS)
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Malformed JSON"));
        nothingFiredOn(resource);
    }

    @Test
    void textTheLogCannotStoreIsRefusedInEveryFieldAndMapKey() {
        String resource = "i-nul-" + System.nanoTime();
        refused(cpu(resource + "\\u0000x", "99", null), "/facts/0/resource", "cannot be stored");
        refused("{\"facts\":[{\"type\":\"ApiEvent\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\","
                + "\"principal\":\"a\\u0000b\"}]}", "/facts/0/principal", "ApiEvent");
        refused("{\"facts\":[{\"type\":\"ResourceState\",\"resourceType\":\"AWS::S3::Bucket\",\"resource\":\"" + resource
                + "\",\"publicAccess\":true,\"tags\":{\"own\\u0000er\":\"ops\"}}]}", "/facts/0/tags", "tags");
        refused("{\"facts\":[{\"type\":\"ResourceState\",\"resourceType\":\"AWS::S3::Bucket\",\"resource\":\"" + resource
                + "\",\"publicAccess\":true,\"tags\":{\"owner\":\"o\\u0000ps\"}}]}", "/facts/0/tags/owner", "tags");
        refused(cpu(resource + "\\ud800", "99", null), "/facts/0/resource", "cannot be stored");
        nothingFiredOn(resource);
        // The same facts with storable text run as usual.
        Api.editor().contentType("application/json").body(cpu(resource, "99", null)).post(RUNS).then().statusCode(200);
        Api.viewer().queryParam("resource", resource).get("/api/firings").then().statusCode(200).body("items", hasSize(1));
    }
}
