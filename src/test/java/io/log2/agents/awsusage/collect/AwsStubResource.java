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

    /** The account of the stub's base credentials (the AWS CLI example's caller). */
    static final String ACCOUNT = "123456789012";
    /** Access keys of assumed roles: this prefix and the role's account. */
    static final String ROLE_KEY = "ASIASTUB";

    /** The account a request acts in: the base credentials' or, for an assumed role's key, the role's. */
    static String account(AwsStub.Request r) {
        String key = r.accessKey();
        return key != null && key.startsWith(ROLE_KEY) ? key.substring(ROLE_KEY.length()) : ACCOUNT;
    }

    /** The value a Cost Explorer filter gives a dimension, alone or within an And. */
    static String filterValue(JsonNode request, String dimension) {
        JsonNode filter = request.path("Filter");
        List<JsonNode> parts = new ArrayList<>();
        parts.add(filter);
        filter.path("And").forEach(parts::add);
        for (JsonNode part : parts) {
            if (part.at("/Dimensions/Key").asText().equals(dimension)) {
                return part.at("/Dimensions/Values/0").asText();
            }
        }
        return "";
    }

    /** STS as the AWS CLI examples show it: each caller is in its own account, each role gives keys of its account. */
    static void answerIdentities(AwsStub stub) {
        stub.on("GetCallerIdentity", r -> {
            com.fasterxml.jackson.databind.node.ObjectNode identity = load("aws-cli-examples/sts.get-caller-identity_1.json").deepCopy();
            identity.put("Account", account(r));
            identity.put("Arn", identity.get("Arn").asText().replace(ACCOUNT, account(r)));
            return AwsStub.Response.xml(AwsResponses.queryXml("GetCallerIdentity", identity));
        });
        stub.on("AssumeRole", r -> {
            String account = r.form("RoleArn").split(":")[4];
            com.fasterxml.jackson.databind.node.ObjectNode assumed = load("aws-cli-examples/sts.assume-role_1.json").deepCopy();
            com.fasterxml.jackson.databind.node.ObjectNode credentials = (com.fasterxml.jackson.databind.node.ObjectNode) assumed.get("Credentials");
            credentials.put("AccessKeyId", ROLE_KEY + account);
            credentials.put("Expiration", java.time.Instant.now().plusSeconds(3600).toString());
            return AwsStub.Response.xml(AwsResponses.queryXml("AssumeRole", assumed));
        });
    }

    /** Standing answers for every operation the collectors call, page by page. */
    static void answerFixtures(AwsStub stub) {
        answerIdentities(stub);
        stub.on("GetDimensionValues", r -> {
            if (r.json().path("Dimension").asText().equals("LINKED_ACCOUNT")) {
                // a standalone account: Cost Explorer shows it its own account only
                return json(200, "{\"DimensionValues\":[{\"Value\":\"" + account(r) + "\",\"Attributes\":{}}],"
                        + "\"ReturnSize\":1,\"TotalSize\":1}");
            }
            return json(load(r.json().has("NextPageToken")
                    ? "fixtures/ce.get-dimension-values.region.page2.fixture.json"
                    : "fixtures/ce.get-dimension-values.region.page1.fixture.json"));
        });
        stub.on("GetCostAndUsage", r -> {
            JsonNode body = r.json();
            if (body.path("Granularity").asText().equals("MONTHLY")) {
                return json(load("fixtures/ce.get-cost-and-usage.month-to-date.fixture.json"));
            }
            String region = filterValue(body, "REGION");
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
        stub.on("GetMetricStatistics", SavingsMetricAnswers::answer);
        stub.on("LookupEvents", r -> json(load(r.json().has("NextToken")
                ? "fixtures/cloudtrail.lookup-events.page2.fixture.json"
                : "fixtures/cloudtrail.lookup-events.page1.fixture.json")));
    }
}
