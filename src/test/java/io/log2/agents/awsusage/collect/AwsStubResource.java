package io.log2.agents.awsusage.collect;

import static io.log2.agents.awsusage.collect.AwsResponses.load;
import static io.log2.agents.awsusage.collect.AwsStub.Response.cbor;
import static io.log2.agents.awsusage.collect.AwsStub.Response.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.log2.agents.awsusage.collect.inventory.InventoryStub;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the AWS stubs for the test instance and points the service at them: every monitoring cycle then collects
 * with the real SDK clients from recorded and documented-shape answers, as from an account. Cost Explorer,
 * CloudWatch and CloudTrail are answered by {@link AwsStub}, which passes EC2, RDS and S3 calls to the inventory stub.
 */
public class AwsStubResource implements QuarkusTestResourceLifecycleManager {

    private static AwsStub stub;
    private static InventoryStub inventory;

    static AwsStub stub() {
        return stub;
    }

    @Override
    public Map<String, String> start() {
        try {
            inventory = new InventoryStub();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        stub = AwsStub.start().fallback(inventory.endpoint());
        answerFixtures(stub);
        return Map.of("log2.aws.collect", "on",
                "log2.aws.endpoint", stub.endpoint().toString(),
                "log2.aws.access-key-id", "test",
                "log2.aws.secret-access-key", "test",
                "log2.aws.max-attempts", "2");
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
        if (inventory != null) {
            inventory.close();
        }
    }

    /** Standing answers for every operation the collectors call, page by page. */
    static void answerFixtures(AwsStub stub) {
        stub.on("GetDimensionValues", r -> json(load(r.json().has("NextPageToken")
                ? "fixtures/ce.get-dimension-values.region.page2.fixture.json"
                : "fixtures/ce.get-dimension-values.region.page1.fixture.json")));
        stub.on("GetCostAndUsage", r -> {
            JsonNode body = r.json();
            if (body.path("Granularity").asText().equals("MONTHLY")) {
                return json(load("fixtures/ce.get-cost-and-usage.month-to-date.fixture.json"));
            }
            String region = body.at("/Filter/Dimensions/Values/0").asText();
            String page = body.path("NextPageToken").asText("");
            return json(load(switch (region + page) {
                case "us-east-1" -> "fixtures/ce.get-cost-and-usage.us-east-1.page1.fixture.json";
                case "us-east-1us-east-1-page-2" -> "fixtures/ce.get-cost-and-usage.us-east-1.page2.fixture.json";
                case "eu-west-1" -> "fixtures/ce.get-cost-and-usage.eu-west-1.fixture.json";
                default -> "fixtures/ce.get-cost-and-usage.noregion.fixture.json";
            }));
        });
        stub.always("GetCostForecast", json(load("fixtures/ce.get-cost-forecast.fixture.json")));
        stub.on("GetMetricData", r -> {
            String token = r.cbor().path("NextToken").asText("");
            List<String> ids = new ArrayList<>();
            r.cbor().get("MetricDataQueries").forEach(q -> ids.add(q.get("Id").asText()));
            String file = ids.contains("ec2_cpu") ? (token.isEmpty() ? "window.page1" : "window.page2")
                    : ids.contains("s3_size") ? "s3"
                    : token.isEmpty() ? "lambda.page1" : "lambda.page2";
            return cbor(load("fixtures/cloudwatch.get-metric-data." + file + ".fixture.json"));
        });
        stub.on("LookupEvents", r -> json(load(r.json().has("NextToken")
                ? "fixtures/cloudtrail.lookup-events.page2.fixture.json"
                : "fixtures/cloudtrail.lookup-events.page1.fixture.json")));
    }
}
