package io.log2.agents.awsusage.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;

/**
 * CloudWatch GetMetricStatistics answers for the savings collector, by resource, metric and period, from
 * {@code aws/savings/fixtures/cloudwatch.get-metric-statistics.savings.fixture.json} (timestamps moved so that its
 * first day is the request's start), and for the hourly CPU of i-0cfbce719a3400834 the Cloud Custodian recording
 * of that instance as it is. A series not in the fixture has no data points, as CloudWatch answers for a metric
 * it has nothing of.
 */
final class SavingsMetricAnswers {

    static final String FIXTURE = "savings/fixtures/cloudwatch.get-metric-statistics.savings.fixture.json";
    static final String RECORDED_HOURLY = "i-0cfbce719a3400834 CPUUtilization 3600";

    private SavingsMetricAnswers() {
    }

    static AwsStub.Response answer(AwsStub.Request request) {
        JsonNode asked = request.cbor();
        String metric = asked.path("MetricName").asText();
        String key = asked.at("/Dimensions/0/Value").asText() + " " + metric + " " + asked.path("Period").asInt();
        if (key.equals(RECORDED_HOURLY)) {
            return AwsStub.Response.cbor(AwsResponses.placebo("savings/custodian-placebo/test_ec2_metric/monitoring.GetMetricStatistics_1.json"));
        }
        JsonNode fixture = AwsResponses.load(FIXTURE);
        JsonNode answer = fixture.path("answers").get(key);
        if (answer == null) {
            ObjectNode empty = AwsResponses.JSON.createObjectNode().put("Label", metric);
            empty.putArray("Datapoints");
            return AwsStub.Response.cbor(empty);
        }
        Duration shift = Duration.between(Instant.parse(fixture.path("recordedFrom").asText()),
                Cbor.instant(asked.path("StartTime").asText()));
        ObjectNode moved = answer.deepCopy();
        for (JsonNode point : (ArrayNode) moved.get("Datapoints")) {
            ((ObjectNode) point).put("Timestamp", Instant.parse(point.get("Timestamp").asText()).plus(shift).toString());
        }
        return AwsStub.Response.cbor(moved);
    }
}
