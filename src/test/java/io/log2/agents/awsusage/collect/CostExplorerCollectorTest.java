package io.log2.agents.awsusage.collect;

import static io.log2.agents.awsusage.collect.AwsResponses.load;
import static io.log2.agents.awsusage.collect.AwsResponses.parse;
import static io.log2.agents.awsusage.collect.AwsStub.Response.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.log2.agents.awsusage.CostForecast;
import io.log2.agents.awsusage.CostRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

class CostExplorerCollectorTest {

    private static final String ACCOUNT = "123456789012";
    private static final String EC2 = "Amazon Elastic Compute Cloud - Compute";
    private static final Clock NOV_25 = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    private static final CollectWindow NOV_23_24 = new CollectWindow(Instant.parse("2026-11-23T00:00:00Z"),
            Instant.parse("2026-11-25T00:00:00Z"));
    private static final String THROTTLED = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}";
    private static final String ONE_REGION = """
            {"DimensionValues":[{"Value":"us-east-1","Attributes":{}}],"ReturnSize":1,"TotalSize":1}""";
    private static final String NO_COSTS = """
            {"GroupDefinitions":[{"Type":"DIMENSION","Key":"SERVICE"},{"Type":"DIMENSION","Key":"USAGE_TYPE"}],
             "ResultsByTime":[]}""";

    /** Usage only, as the importers count it: the filter every cost request carries. */
    private static final String USAGE_ONLY = """
            {"Dimensions":{"Key":"RECORD_TYPE","Values":["Usage","DiscountedUsage","SavingsPlanCoveredUsage"]}}""";

    private AwsStub stub;

    @BeforeEach
    void start() {
        stub = AwsStub.start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    /** Answers the fixtures: three regions over two pages, us-east-1's costs over two pages, the forecast. */
    private void answerFixtures() {
        stub.next("GetDimensionValues", json(load("fixtures/ce.get-dimension-values.region.page1.fixture.json")),
                json(load("fixtures/ce.get-dimension-values.region.page2.fixture.json")));
        stub.on("GetCostAndUsage", r -> {
            JsonNode body = r.json();
            if (body.path("Granularity").asText().equals("MONTHLY")) {
                return json(load("fixtures/ce.get-cost-and-usage.month-to-date.fixture.json"));
            }
            String region = AwsStubResource.filterValue(body, "REGION");
            String page = body.path("NextPageToken").asText("");
            return json(load(switch (region + page) {
                case "us-east-1" -> "fixtures/ce.get-cost-and-usage.us-east-1.page1.fixture.json";
                case "us-east-1us-east-1-page-2" -> "fixtures/ce.get-cost-and-usage.us-east-1.page2.fixture.json";
                case "eu-west-1" -> "fixtures/ce.get-cost-and-usage.eu-west-1.fixture.json";
                case "NoRegion" -> "fixtures/ce.get-cost-and-usage.noregion.fixture.json";
                default -> throw new IllegalArgumentException("unexpected request " + body);
            }));
        });
        stub.always("GetCostForecast", json(load("fixtures/ce.get-cost-forecast.fixture.json")));
    }

    @Test
    void dailyCostsPerServiceRegionAndUsageTypeAndTheMonthEndForecast() {
        answerFixtures();
        CollectedData data;
        try (AwsClients clients = stub.clients(2)) {
            data = new CostExplorerCollector(ACCOUNT, NOV_25).collect(clients, NOV_23_24);
        }

        assertEquals(List.of(
                new CostRecord(LocalDate.of(2026, 11, 23), ACCOUNT, EC2, "us-east-1", "BoxUsage:t3.medium", 0.9984),
                new CostRecord(LocalDate.of(2026, 11, 23), ACCOUNT, "EC2 - Other", "us-east-1", "EBS:VolumeUsage.gp3",
                        0.2580645161),
                // 2026-11-24 is Estimated: kept as given, zero and negative amounts included
                new CostRecord(LocalDate.of(2026, 11, 24), ACCOUNT, EC2, "us-east-1", "BoxUsage:t3.medium", 7.488),
                new CostRecord(LocalDate.of(2026, 11, 24), ACCOUNT, "AWS Lambda", "us-east-1", "Request", 0.0),
                new CostRecord(LocalDate.of(2026, 11, 24), ACCOUNT, "Amazon Simple Storage Service", "us-east-1",
                        "TimedStorage-ByteHrs", -0.0125),
                new CostRecord(LocalDate.of(2026, 11, 23), ACCOUNT, "Amazon Relational Database Service", "eu-west-1",
                        "EU-InstanceUsage:db.t3.micro", 0.408),
                // NoRegion becomes a null region
                new CostRecord(LocalDate.of(2026, 11, 23), ACCOUNT, "Tax", null, "Tax", 1.17)),
                data.costs());

        // month-end total: 41.20 spent before the forecast starts + 20.50 forecast (17.25 to 23.75)
        assertEquals(1, data.forecasts().size());
        CostForecast forecast = data.forecasts().get(0);
        assertEquals(ACCOUNT, forecast.account());
        assertEquals(YearMonth.of(2026, 11), forecast.month());
        assertEquals(61.7, forecast.mean(), 1e-9);
        assertEquals(58.45, forecast.lower(), 1e-9);
        assertEquals(64.95, forecast.upper(), 1e-9);
        assertTrue(data.metrics().isEmpty() && data.events().isEmpty() && data.resources().isEmpty());

        // what was asked
        List<AwsStub.Request> dims = stub.requests("GetDimensionValues");
        assertEquals(2, dims.size());
        assertEquals("AWSInsightsIndexService.GetDimensionValues", dims.get(0).target());
        assertEquals(AwsStub.AMZ_JSON, dims.get(0).header("Content-Type"));
        assertEquals(parse("""
                {"TimePeriod":{"Start":"2026-11-23","End":"2026-11-25"},"Dimension":"REGION","Context":"COST_AND_USAGE"}"""),
                dims.get(0).json());
        assertEquals(parse("""
                {"TimePeriod":{"Start":"2026-11-23","End":"2026-11-25"},"Dimension":"REGION","Context":"COST_AND_USAGE",
                 "NextPageToken":"regions-page-2"}"""), dims.get(1).json());

        List<JsonNode> costs = stub.requests("GetCostAndUsage").stream().map(AwsStub.Request::json).toList();
        assertEquals(List.of(daily("us-east-1", null), daily("us-east-1", "us-east-1-page-2"), daily("eu-west-1", null),
                daily("NoRegion", null), parse("""
                        {"TimePeriod":{"Start":"2026-11-01","End":"2026-11-26"},"Granularity":"MONTHLY",
                         "Filter":%s,"Metrics":["UnblendedCost"]}""".formatted(USAGE_ONLY))), costs);

        List<AwsStub.Request> forecasts = stub.requests("GetCostForecast");
        assertEquals(1, forecasts.size());
        assertEquals("AWSInsightsIndexService.GetCostForecast", forecasts.get(0).target());
        assertEquals(parse("""
                {"TimePeriod":{"Start":"2026-11-26","End":"2026-12-01"},"Metric":"UNBLENDED_COST",
                 "Granularity":"MONTHLY","Filter":%s,"PredictionIntervalLevel":80}""".formatted(USAGE_ONLY)),
                forecasts.get(0).json());
    }

    private static JsonNode daily(String region, String page) {
        JsonNode request = parse("""
                {"TimePeriod":{"Start":"2026-11-23","End":"2026-11-25"},"Granularity":"DAILY",
                 "Filter":{"And":[{"Dimensions":{"Key":"REGION","Values":["%s"]}},%s]},
                 "Metrics":["UnblendedCost"],
                 "GroupBy":[{"Type":"DIMENSION","Key":"SERVICE"},{"Type":"DIMENSION","Key":"USAGE_TYPE"}]}"""
                .formatted(region, USAGE_ONLY));
        if (page != null) {
            ((ObjectNode) request).put("NextPageToken", page);
        }
        return request;
    }

    @Test
    void recordedAnswerGivesUnblendedCostPerGroupAndNoForecastOnTheMonthsLastDay() {
        // aws-cli's recorded answer: groups keyed by SERVICE and a tag, with BlendedCost beside UnblendedCost
        stub.always("GetDimensionValues", json(200, ONE_REGION));
        stub.always("GetCostAndUsage", json(load("aws-cli-examples/ce.get-cost-and-usage_1.json")));
        Clock lastDay = Clock.fixed(Instant.parse("2017-09-30T12:00:00Z"), ZoneOffset.UTC);
        CollectedData data;
        try (AwsClients clients = stub.clients(2)) {
            data = new CostExplorerCollector((String) null, lastDay).collect(clients, new CollectWindow(
                    Instant.parse("2017-09-01T00:00:00Z"), Instant.parse("2017-09-30T12:00:00Z")));
        }

        assertEquals(List.of(
                new CostRecord(LocalDate.of(2017, 9, 1), null, "Amazon Simple Storage Service", "us-east-1",
                        "Environment$", 40.3543773134),
                new CostRecord(LocalDate.of(2017, 9, 1), null, "Amazon Simple Storage Service", "us-east-1",
                        "Environment$Dev", 0.2682364644)), data.costs());
        assertTrue(data.forecasts().isEmpty());
        assertEquals(0, stub.requests("GetCostForecast").size(), "the month is over: no forecast asked");
        // the days asked end with the window's last day (2017-09-30, exclusive end 2017-10-01)
        assertEquals(parse("{\"Start\":\"2017-09-01\",\"End\":\"2017-10-01\"}"),
                stub.requests("GetCostAndUsage").get(0).json().get("TimePeriod"));
    }

    @Test
    void everyRegionValueGetsOneCallFilteredOnIt() {
        // aws-cli's recorded GetDimensionValues answer: six values, passed on to the filter unchanged
        stub.always("GetDimensionValues", json(load("aws-cli-examples/ce.get-dimension-values_1.json")));
        stub.always("GetCostForecast", json(load("fixtures/ce.get-cost-forecast.fixture.json")));
        stub.on("GetCostAndUsage", r -> json(r.json().path("Granularity").asText().equals("MONTHLY")
                ? load("fixtures/ce.get-cost-and-usage.month-to-date.fixture.json") : parse(NO_COSTS)));
        CollectedData data;
        try (AwsClients clients = stub.clients(2)) {
            data = new CostExplorerCollector(ACCOUNT, NOV_25).collect(clients, NOV_23_24);
        }

        assertTrue(data.costs().isEmpty());
        List<String> filtered = stub.requests("GetCostAndUsage").stream().map(AwsStub.Request::json)
                .filter(b -> b.path("Granularity").asText().equals("DAILY"))
                .map(b -> "REGION=[\"" + AwsStubResource.filterValue(b, "REGION") + "\"]")
                .toList();
        assertEquals(List.of("REGION=[\"Amazon ElastiCache\"]", "REGION=[\"EC2 - Other\"]",
                "REGION=[\"Amazon Elastic Compute Cloud - Compute\"]", "REGION=[\"Amazon Elastic Load Balancing\"]",
                "REGION=[\"Amazon Elastic MapReduce\"]", "REGION=[\"Amazon Elasticsearch Service\"]"), filtered);
    }

    @Test
    void daysStopAtTodayAndTheForecastStartsAtALaterWindowEnd() {
        answerFixtures();
        CollectWindow future = new CollectWindow(Instant.parse("2026-11-23T00:00:00Z"),
                Instant.parse("2026-11-28T00:00:00Z"));
        try (AwsClients clients = stub.clients(2)) {
            new CostExplorerCollector(ACCOUNT, NOV_25).collect(clients, future);
        }
        assertEquals(parse("{\"Start\":\"2026-11-23\",\"End\":\"2026-11-26\"}"),
                stub.requests("GetDimensionValues").get(0).json().get("TimePeriod"));
        assertEquals(parse("{\"Start\":\"2026-11-28\",\"End\":\"2026-12-01\"}"),
                stub.requests("GetCostForecast").get(0).json().get("TimePeriod"));
        JsonNode monthToDate = stub.requests("GetCostAndUsage").stream().map(AwsStub.Request::json)
                .filter(b -> b.path("Granularity").asText().equals("MONTHLY")).findFirst().orElseThrow();
        assertEquals(parse("{\"Start\":\"2026-11-01\",\"End\":\"2026-11-28\"}"), monthToDate.get("TimePeriod"));
    }

    @Test
    void anAccountWithoutEnoughHistoryGetsCostsButNoForecast() {
        answerFixtures();
        stub.always("GetCostForecast", json(400, """
                {"__type":"DataUnavailableException","message":"Insufficient amount of historical data to generate forecast."}"""));
        CollectedData data;
        try (AwsClients clients = stub.clients(2)) {
            data = new CostExplorerCollector(ACCOUNT, NOV_25).collect(clients, NOV_23_24);
        }
        assertEquals(7, data.costs().size());
        assertTrue(data.forecasts().isEmpty());
        assertEquals(1, stub.requests("GetCostForecast").size());
    }

    @Test
    void throttledOnEveryAttemptFailsAfterTheConfiguredAttempts() {
        stub.always("GetDimensionValues", json(400, THROTTLED));
        SdkException e;
        try (AwsClients clients = stub.clients(3)) {
            e = assertThrows(SdkException.class,
                    () -> new CostExplorerCollector(ACCOUNT, NOV_25).collect(clients, NOV_23_24));
        }
        AwsServiceException service = assertInstanceOf(AwsServiceException.class, e);
        assertEquals("ThrottlingException", service.awsErrorDetails().errorCode());
        assertTrue(service.isThrottlingException());
        assertEquals(3, stub.requests("GetDimensionValues").size());
        assertEquals(0, stub.requests("GetCostAndUsage").size());
    }

    @Test
    void throttledOnceThenAnsweredReturnsTheData() {
        answerFixtures();
        stub.next("GetCostAndUsage", json(400, THROTTLED));
        CollectedData data;
        try (AwsClients clients = stub.clients(2)) {
            data = new CostExplorerCollector(ACCOUNT, NOV_25).collect(clients, NOV_23_24);
        }
        assertEquals(7, data.costs().size());
        assertEquals(1, data.forecasts().size());
        List<AwsStub.Request> costs = stub.requests("GetCostAndUsage");
        assertEquals(6, costs.size(), "4 pages of daily costs and the month to date, one of them sent twice");
        assertEquals(costs.get(0).json(), costs.get(1).json(), "the throttled request was sent again");
    }

    @Test
    void aTruncatedAnswerFailsTheCollection() {
        answerFixtures();
        String whole = load("fixtures/ce.get-cost-and-usage.eu-west-1.fixture.json").toString();
        stub.on("GetCostAndUsage", r -> AwsStubResource.filterValue(r.json(), "REGION").equals("eu-west-1")
                ? json(200, whole.substring(0, whole.length() / 2))
                : json(load("fixtures/ce.get-cost-and-usage.us-east-1.page2.fixture.json")));
        SdkException e;
        try (AwsClients clients = stub.clients(2)) {
            e = assertThrows(SdkException.class,
                    () -> new CostExplorerCollector(ACCOUNT, NOV_25).collect(clients, NOV_23_24));
        }
        assertInstanceOf(SdkClientException.class, e);
        assertTrue(e.getMessage().contains("Unable to unmarshall response"), e.getMessage());
        // the SDK treats an unreadable answer as a transient fault: asked again up to the configured attempts
        assertEquals(2, stub.requests("GetCostAndUsage").stream()
                .filter(r -> AwsStubResource.filterValue(r.json(), "REGION").equals("eu-west-1")).count());
        assertEquals(0, stub.requests("GetCostForecast").size(), "nothing after the failure was asked");
    }

    @Test
    void anAmountInAnotherCurrencyFailsTheCollection() {
        stub.always("GetDimensionValues", json(200, ONE_REGION));
        stub.always("GetCostAndUsage", json(200, """
                {"ResultsByTime":[{"TimePeriod":{"Start":"2026-11-23","End":"2026-11-24"},"Estimated":false,
                  "Groups":[{"Keys":["Amazon Simple Storage Service","TimedStorage-ByteHrs"],
                             "Metrics":{"UnblendedCost":{"Amount":"3.10","Unit":"CNY"}}}]}]}"""));
        IllegalStateException e;
        try (AwsClients clients = stub.clients(2)) {
            e = assertThrows(IllegalStateException.class,
                    () -> new CostExplorerCollector(ACCOUNT, NOV_25).collect(clients, NOV_23_24));
        }
        assertTrue(e.getMessage().contains("CNY"), e.getMessage());
    }

    @Test
    void aGroupWithoutTheCostMetricFailsTheCollection() {
        stub.always("GetDimensionValues", json(200, ONE_REGION));
        stub.always("GetCostAndUsage", json(200, """
                {"ResultsByTime":[{"TimePeriod":{"Start":"2026-11-23","End":"2026-11-24"},"Estimated":false,
                  "Groups":[{"Keys":["Amazon Simple Storage Service","TimedStorage-ByteHrs"],
                             "Metrics":{"BlendedCost":{"Amount":"3.10","Unit":"USD"}}}]}]}"""));
        IllegalStateException e;
        try (AwsClients clients = stub.clients(2)) {
            e = assertThrows(IllegalStateException.class,
                    () -> new CostExplorerCollector(ACCOUNT, NOV_25).collect(clients, NOV_23_24));
        }
        assertTrue(e.getMessage().contains("UnblendedCost"), e.getMessage());
    }
}
