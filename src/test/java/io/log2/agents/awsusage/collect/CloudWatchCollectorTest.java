package io.log2.agents.awsusage.collect;

import static io.log2.agents.awsusage.collect.AwsResponses.load;
import static io.log2.agents.awsusage.collect.AwsResponses.parse;
import static io.log2.agents.awsusage.collect.AwsResponses.placebo;
import static io.log2.agents.awsusage.collect.AwsStub.Response.cbor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.log2.agents.awsusage.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

class CloudWatchCollectorTest {

    private static final String PATH = "/service/GraniteServiceVersion20100801/operation/GetMetricData";
    private static final String OP = "GetMetricData";
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-25T08:05:00Z");
    private static final Instant T2 = Instant.parse("2026-11-25T08:10:00Z");
    private static final CollectWindow WINDOW = new CollectWindow(T0, Instant.parse("2026-11-25T08:15:00Z"));
    private static final String I1 = "i-0a1b2c3d4e5f60001";
    private static final String I2 = "i-0a1b2c3d4e5f60002";
    private static final String LB = "app/web/50dc6c495c0c9188";
    private static final JsonNode THROTTLED = parse("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
    private static final JsonNode EMPTY = parse("{\"MetricDataResults\":[],\"Messages\":[]}");

    private AwsStub stub;

    @BeforeEach
    void start() {
        stub = AwsStub.start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    /** The query Ids a GetMetricData request asked for. */
    private static List<String> ids(AwsStub.Request request) {
        List<String> ids = new ArrayList<>();
        request.cbor().get("MetricDataQueries").forEach(q -> ids.add(q.get("Id").asText()));
        return ids;
    }

    /** Answers each of the three calls (window, S3, Lambda) with the fixtures, page by page. */
    private void answerFixtures() {
        stub.on(OP, r -> {
            String token = r.cbor().path("NextToken").asText("");
            List<String> ids = ids(r);
            String file = ids.contains("ec2_cpu") ? (token.isEmpty() ? "window.page1" : "window.page2")
                    : ids.contains("s3_size") ? "s3"
                    : ids.contains("lambda_invocations") ? (token.isEmpty() ? "lambda.page1" : "lambda.page2")
                    : null;
            return cbor(load("fixtures/cloudwatch.get-metric-data." + file + ".fixture.json"));
        });
    }

    @Test
    void everyResourceFoundBySearchBecomesSamplesWithDerivedRatesAndAMonthToDateLambdaTotal() {
        answerFixtures();
        CollectedData data;
        try (AwsClients clients = stub.clients(2)) {
            data = new CloudWatchCollector().collect(clients, WINDOW);
        }

        Instant nov23 = Instant.parse("2026-11-23T00:00:00Z");
        Instant nov24 = Instant.parse("2026-11-24T00:00:00Z");
        assertEquals(List.of(
                // the first instance's series continues on the second page
                new MetricSample("AWS/EC2", "CPUUtilization", I1, T0, 12.5, null),
                new MetricSample("AWS/EC2", "CPUUtilization", I1, T1, 97.25, null),
                new MetricSample("AWS/EC2", "CPUUtilization", I1, T2, 55.0, null),
                new MetricSample("AWS/EC2", "CPUUtilization", I2, T0, 3.0, null),
                new MetricSample("AWS/RDS", "DatabaseConnections", "orders-db", T0, 42.0, null),
                new MetricSample("AWS/ApiGateway", "Latency", "orders-api", T0, 123.4, null),
                new MetricSample("AWS/ApplicationELB", "TargetResponseTime", LB, T0, 0.35, null),
                // 2 of 200 requests failed at T0; no requests at T1, so no rate
                new MetricSample("AWS/ApiGateway", "ErrorRate", "orders-api", T0, 1.0, null),
                new MetricSample("AWS/ApiGateway", "Availability", "orders-api", T0, 99.0, null),
                // no 5XX data point at T0 means none failed; 10 of 400 at T1
                new MetricSample("AWS/ApplicationELB", "ErrorRate", LB, T0, 0.0, null),
                new MetricSample("AWS/ApplicationELB", "ErrorRate", LB, T1, 2.5, null),
                new MetricSample("AWS/ApplicationELB", "Availability", LB, T0, 100.0, null),
                new MetricSample("AWS/ApplicationELB", "Availability", LB, T1, 97.5, null),
                new MetricSample("AWS/S3", "BucketSizeBytes", "assets-bucket", nov24, 1.2e6, null),
                new MetricSample("AWS/S3", "BucketSizeBytes", "logs-bucket", nov23, 4.5e9, null),
                new MetricSample("AWS/S3", "BucketSizeBytes", "logs-bucket", nov24, 4.6e9, null),
                // one sample per function: the month-to-date total, at the window's end
                new MetricSample("AWS/Lambda", "Invocations", "orders-fn", Instant.parse("2026-11-01T00:00:00Z"), 850_000.0, null),
                new MetricSample("AWS/Lambda", "Invocations", "thumbnail-fn", Instant.parse("2026-11-01T00:00:00Z"), 12.0, null)),
                data.metrics());
        assertTrue(data.costs().isEmpty() && data.events().isEmpty() && data.capacities().isEmpty());

        // what was asked: the window's searches over two pages, S3 from two days back, Lambda from the 1st
        List<AwsStub.Request> requests = stub.requests(OP);
        assertEquals(5, requests.size());
        for (AwsStub.Request r : requests) {
            assertEquals(PATH, r.path());
            assertEquals("rpc-v2-cbor", r.header("smithy-protocol"));
            assertEquals(AwsStub.CBOR, r.header("Content-Type"));
        }
        JsonNode window = parse("""
                {"MetricDataQueries":[
                  {"Id":"ec2_cpu","Expression":"SEARCH('{AWS/EC2,InstanceId} MetricName=\\"CPUUtilization\\"', 'Average', 300)",
                   "Label":"${PROP('Dim.InstanceId')}","ReturnData":true},
                  {"Id":"rds_connections","Expression":"SEARCH('{AWS/RDS,DBInstanceIdentifier} MetricName=\\"DatabaseConnections\\"', 'Average', 300)",
                   "Label":"${PROP('Dim.DBInstanceIdentifier')}","ReturnData":true},
                  {"Id":"apigw_latency","Expression":"SEARCH('{AWS/ApiGateway,ApiName} MetricName=\\"Latency\\"', 'Average', 300)",
                   "Label":"${PROP('Dim.ApiName')}","ReturnData":true},
                  {"Id":"apigw_5xx","Expression":"SEARCH('{AWS/ApiGateway,ApiName} MetricName=\\"5XXError\\"', 'Sum', 300)",
                   "Label":"${PROP('Dim.ApiName')}","ReturnData":true},
                  {"Id":"apigw_count","Expression":"SEARCH('{AWS/ApiGateway,ApiName} MetricName=\\"Count\\"', 'Sum', 300)",
                   "Label":"${PROP('Dim.ApiName')}","ReturnData":true},
                  {"Id":"alb_response_time","Expression":"SEARCH('{AWS/ApplicationELB,LoadBalancer} MetricName=\\"TargetResponseTime\\"', 'Average', 300)",
                   "Label":"${PROP('Dim.LoadBalancer')}","ReturnData":true},
                  {"Id":"alb_5xx","Expression":"SEARCH('{AWS/ApplicationELB,LoadBalancer} MetricName=\\"HTTPCode_Target_5XX_Count\\"', 'Sum', 300)",
                   "Label":"${PROP('Dim.LoadBalancer')}","ReturnData":true},
                  {"Id":"alb_requests","Expression":"SEARCH('{AWS/ApplicationELB,LoadBalancer} MetricName=\\"RequestCount\\"', 'Sum', 300)",
                   "Label":"${PROP('Dim.LoadBalancer')}","ReturnData":true}],
                 "StartTime":"2026-11-25T08:00:00Z","EndTime":"2026-11-25T08:15:00Z","ScanBy":"TimestampAscending"}""");
        assertEquals(window, requests.get(0).cbor());
        ((ObjectNode) window).put("NextToken", "window-page-2");
        assertEquals(window, requests.get(1).cbor());
        assertEquals(parse("""
                {"MetricDataQueries":[
                  {"Id":"s3_size","Expression":"SEARCH('{AWS/S3,BucketName,StorageType} MetricName=\\"BucketSizeBytes\\" StorageType=\\"StandardStorage\\"', 'Average', 86400)",
                   "Label":"${PROP('Dim.BucketName')}","ReturnData":true}],
                 "StartTime":"2026-11-23T00:00:00Z","EndTime":"2026-11-25T08:15:00Z","ScanBy":"TimestampAscending"}"""),
                requests.get(2).cbor());
        JsonNode lambda = parse("""
                {"MetricDataQueries":[
                  {"Id":"lambda_invocations","Expression":"SEARCH('{AWS/Lambda,FunctionName} MetricName=\\"Invocations\\"', 'Sum', 86400)",
                   "Label":"${PROP('Dim.FunctionName')}","ReturnData":true}],
                 "StartTime":"2026-11-01T00:00:00Z","EndTime":"2026-11-25T08:15:00Z","ScanBy":"TimestampAscending"}""");
        assertEquals(lambda, requests.get(3).cbor());
        ((ObjectNode) lambda).put("NextToken", "lambda-page-2");
        assertEquals(lambda, requests.get(4).cbor());
    }

    @Test
    void thePeriodOfTheWindowsSearchesIsConfigurableAndAWindowEndingAtMidnightReportsTheMonthBefore() {
        stub.always(OP, cbor(EMPTY));
        CollectWindow lastHourOfNovember = new CollectWindow(Instant.parse("2026-11-30T23:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"));
        CollectedData data;
        try (AwsClients clients = stub.clients(2)) {
            data = new CloudWatchCollector(60).collect(clients, lastHourOfNovember);
        }
        assertTrue(data.metrics().isEmpty());
        List<AwsStub.Request> requests = stub.requests(OP);
        assertEquals(3, requests.size());
        assertEquals("SEARCH('{AWS/EC2,InstanceId} MetricName=\"CPUUtilization\"', 'Average', 60)",
                requests.get(0).cbor().at("/MetricDataQueries/0/Expression").asText());
        assertEquals("2026-11-29T00:00:00Z", requests.get(1).cbor().get("StartTime").asText());
        assertEquals("2026-11-01T00:00:00Z", requests.get(2).cbor().get("StartTime").asText());
        assertThrows(IllegalArgumentException.class, () -> new CloudWatchCollector(90));
    }

    /** A recorded answer with its Id and Label set to what this collector's query would carry. */
    private static JsonNode answering(JsonNode recorded, String id, String resource) {
        ObjectNode copy = recorded.deepCopy();
        ObjectNode result = (ObjectNode) copy.get("MetricDataResults").get(0);
        result.put("Id", id).put("Label", resource);
        return copy;
    }

    @Test
    void recordedAnswersGiveTheirValuesAndTimestamps() {
        JsonNode iops = load("aws-cli-examples/cloudwatch.get-metric-data_1.json");
        JsonNode charges = load("aws-cli-examples/cloudwatch.get-metric-data_2.json");
        JsonNode tokens = placebo("custodian-placebo/bedrock_inference_profile_token_metrics/monitoring.GetMetricData_1.json");
        stub.on(OP, r -> {
            List<String> ids = ids(r);
            return cbor(ids.contains("ec2_cpu") ? answering(iops, "ec2_cpu", "i-0123456789abcdef0")
                    : ids.contains("s3_size") ? answering(charges, "s3_size", "my-bucket")
                    : answering(tokens, "lambda_invocations", "my-function"));
        });
        CollectWindow window = new CollectWindow(Instant.parse("2026-07-21T14:00:00Z"),
                Instant.parse("2026-07-21T14:15:00Z"));
        CollectedData data;
        try (AwsClients clients = stub.clients(2)) {
            data = new CloudWatchCollector().collect(clients, window);
        }
        assertEquals(List.of(
                new MetricSample("AWS/EC2", "CPUUtilization", "i-0123456789abcdef0",
                        Instant.parse("2024-09-29T22:10:00Z"), 96.85, null),
                new MetricSample("AWS/S3", "BucketSizeBytes", "my-bucket",
                        Instant.parse("2024-09-26T12:00:00Z"), 542.38, null),
                new MetricSample("AWS/Lambda", "Invocations", "my-function", Instant.parse("2026-07-01T00:00:00Z"), 15.0, null)),
                data.metrics());
    }

    @Test
    void aResultForAnIdThatWasNotAskedForFailsTheCollection() {
        // aws-cli's recorded answer as it is: Id "m3", label "Avg Total IOPS"
        stub.always(OP, cbor(load("aws-cli-examples/cloudwatch.get-metric-data_1.json")));
        IllegalStateException e;
        try (AwsClients clients = stub.clients(2)) {
            e = assertThrows(IllegalStateException.class, () -> new CloudWatchCollector().collect(clients, WINDOW));
        }
        assertTrue(e.getMessage().contains("'m3'"), e.getMessage());
    }

    @Test
    void aResultWhoseLabelWasNotResolvedFailsTheCollection() {
        stub.always(OP, cbor(parse("""
                {"MetricDataResults":[{"Id":"ec2_cpu","Label":"${PROP('Dim.InstanceId')}",
                  "Timestamps":["2026-11-25T08:00:00+00:00"],"Values":[1.0],"StatusCode":"Complete"}]}""")));
        IllegalStateException e;
        try (AwsClients clients = stub.clients(2)) {
            e = assertThrows(IllegalStateException.class, () -> new CloudWatchCollector().collect(clients, WINDOW));
        }
        assertTrue(e.getMessage().contains("ec2_cpu") && e.getMessage().contains("label"), e.getMessage());
    }

    @Test
    void aResultWithAnInternalErrorFailsTheCollection() {
        stub.always(OP, cbor(parse("""
                {"MetricDataResults":[{"Id":"ec2_cpu","Label":"i-1","Timestamps":[],"Values":[],
                  "StatusCode":"InternalError"}]}""")));
        IllegalStateException e;
        try (AwsClients clients = stub.clients(2)) {
            e = assertThrows(IllegalStateException.class, () -> new CloudWatchCollector().collect(clients, WINDOW));
        }
        assertTrue(e.getMessage().contains("InternalError"), e.getMessage());
    }

    @Test
    void throttledOnEveryAttemptFailsAfterTheConfiguredAttempts() {
        stub.always(OP, cbor(400, THROTTLED));
        SdkException e;
        try (AwsClients clients = stub.clients(2)) {
            e = assertThrows(SdkException.class, () -> new CloudWatchCollector().collect(clients, WINDOW));
        }
        AwsServiceException service = assertInstanceOf(AwsServiceException.class, e);
        assertEquals("ThrottlingException", service.awsErrorDetails().errorCode());
        assertTrue(service.isThrottlingException());
        assertEquals(2, stub.requests(OP).size());
    }

    @Test
    void throttledOnceThenAnsweredReturnsTheData() {
        answerFixtures();
        stub.next(OP, cbor(400, THROTTLED));
        CollectedData data;
        try (AwsClients clients = stub.clients(2)) {
            data = new CloudWatchCollector().collect(clients, WINDOW);
        }
        assertEquals(18, data.metrics().size());
        List<AwsStub.Request> requests = stub.requests(OP);
        assertEquals(6, requests.size());
        assertEquals(requests.get(0).cbor(), requests.get(1).cbor(), "the throttled request was sent again");
    }

    @Test
    void aGarbageAnswerFailsTheCollection() {
        stub.always(OP, AwsStub.Response.cbor(200, new byte[] {(byte) 0xff, 0x13, 0x37, (byte) 0xbf, 0x61}));
        SdkException e;
        try (AwsClients clients = stub.clients(2)) {
            e = assertThrows(SdkException.class, () -> new CloudWatchCollector().collect(clients, WINDOW));
        }
        assertInstanceOf(SdkClientException.class, e);
        assertTrue(e.getMessage().contains("Unable to unmarshall response"), e.getMessage());
        // the SDK treats an unreadable answer as a transient fault: asked again up to the configured attempts
        assertEquals(2, stub.requests(OP).size());
    }
}
