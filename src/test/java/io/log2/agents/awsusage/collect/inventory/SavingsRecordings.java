package io.log2.agents.awsusage.collect.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.ec2.model.DescribeAddressesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;

/**
 * EC2 and RDS answers for the savings collector from {@code src/test/resources/aws/savings/} (see the README
 * there), in the services' XML wire format: several recordings of one operation are served as consecutive pages.
 */
public final class SavingsRecordings implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String ADDRESSES = "fixtures/ec2.describe-addresses.fixture.json";

    private final StubAws stub;

    /** A stub answering with the savings recordings. */
    public SavingsRecordings() throws IOException {
        stub = new StubAws();
        stub.on("DescribeInstances", pages("NextToken", "DescribeInstances", DescribeInstancesResponse.builder(),
                List.of("custodian-placebo/test_ec2_metric/ec2.DescribeInstances_1.json",
                        "custodian-placebo/test_ec2_metric_extended_stats/ec2.DescribeInstances_1.json")));
        stub.on("DescribeVolumes", pages("NextToken", "DescribeVolumes", DescribeVolumesResponse.builder(),
                List.of("custodian-placebo/test_ebs_snapshot_default_description/ec2.DescribeVolumes_1.json",
                        "custodian-placebo/test_ebs_metrics_percent_filter/ec2.DescribeVolumes_1.json",
                        "custodian-placebo/cost_opt_hub_ebs/ec2.DescribeVolumes_1.json")));
        answerAddresses(stub);
        stub.on("DescribeDBInstances", r -> StubAws.Reply.xml(WireXml.query("DescribeDBInstances", WireXml.RDS_XMLNS,
                load("custodian-placebo/test_rds_aws_managed_kms_keys/rds.DescribeDBInstances_1.json"),
                DescribeDbInstancesResponse.builder())));
    }

    /** DescribeAddresses from the fixture, for a stub that serves other recordings. */
    static void answerAddresses(StubAws stub) {
        stub.on("DescribeAddresses", r -> StubAws.Reply.xml(WireXml.ec2("DescribeAddresses", load(ADDRESSES),
                DescribeAddressesResponse.builder())));
    }

    public URI endpoint() {
        return stub.endpoint();
    }

    /** How many requests of an operation the stub received. */
    public long calls(String operation) {
        return stub.requests(operation).size();
    }

    private static Function<StubAws.Request, StubAws.Reply> pages(String tokenName, String action, SdkPojo model,
                                                                   List<String> recordings) {
        return request -> {
            String token = request.param(tokenName);
            int page = token == null ? 0 : Integer.parseInt(token.substring("page-".length())) - 1;
            ObjectNode body = load(recordings.get(page));
            body.remove(tokenName);
            if (page + 1 < recordings.size()) {
                body.put(tokenName, "page-" + (page + 2));
            }
            return StubAws.Reply.xml(WireXml.ec2(action, body, model));
        };
    }

    /** A file under {@code aws/savings/}, a placebo recording unwrapped from its {@code data}. */
    static ObjectNode load(String path) {
        try (InputStream in = SavingsRecordings.class.getResourceAsStream("/aws/savings/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + path);
            }
            JsonNode root = JSON.readTree(in);
            return (ObjectNode) (root.has("status_code") && root.has("data") ? root.get("data") : root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stub.close();
    }
}
