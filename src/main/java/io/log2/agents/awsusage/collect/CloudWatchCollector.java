package io.log2.agents.awsusage.collect;

import io.log2.agents.awsusage.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * Performance and usage metrics from CloudWatch, every resource found by a SEARCH expression rather than listed
 * first.
 *
 * <p>What it asks: three {@code GetMetricData} calls, each following {@code NextToken}.
 * <ol>
 *   <li>The window, at the collector's period (300 s unless told): EC2 {@code CPUUtilization} (Average, per
 *       InstanceId), RDS {@code DatabaseConnections} (Average, per DBInstanceIdentifier), API Gateway
 *       {@code Latency} (Average, ms) with {@code 5XXError} and {@code Count} (Sum, per ApiName), and the
 *       Application Load Balancer's {@code TargetResponseTime} (Average, s) with {@code HTTPCode_Target_5XX_Count}
 *       and {@code RequestCount} (Sum, per LoadBalancer).</li>
 *   <li>S3 {@code BucketSizeBytes} (Average, StorageType StandardStorage, per BucketName, period 86400). S3
 *       reports it once a day, so this call starts at least two days before the window's end even when the
 *       window is shorter.</li>
 *   <li>Lambda {@code Invocations} (Sum per FunctionName, period 86400) from the first day (UTC) of the month
 *       that holds the window's last instant, to the window's end. The daily sums are added up into one sample
 *       per function, stamped with the month's first instant (so the month has one sample per function, updated
 *       as it goes on), whose value is the month-to-date total.</li>
 * </ol>
 *
 * <p>Which resource a result belongs to: every query has an {@code Id} naming what it is (namespace and metric
 * are taken from that query, never from the answer) and a dynamic label {@code ${PROP('Dim.<dimension>')}} that
 * CloudWatch replaces, in every time series the search returns, with that series' dimension value. A search
 * returns one result per series, all with the query's Id; the label is the resource. A result whose Id was not
 * asked for, or whose label is blank or still unresolved, fails the collection: the answer cannot be attributed.
 * Pages of the same series (same Id and label) are joined.
 *
 * <p>Derived samples: {@code ErrorRate} = 5XX / requests × 100 and {@code Availability} = 100 − ErrorRate, per
 * resource and period, in namespace {@code AWS/ApiGateway} or {@code AWS/ApplicationELB}. A period without
 * requests (no count, or a count of 0) has no rate. A period with requests but no 5XX data point counts as no
 * errors: the load balancer publishes its 5XX count only when there were some.
 *
 * <p>A result with status {@code InternalError} or {@code Forbidden} fails the collection; CloudWatch's
 * informational messages are logged.
 */
public final class CloudWatchCollector implements Collector {

    public static final String NAME = "cloudwatch";
    /** The period, in seconds, of the window's metrics unless told otherwise. */
    public static final int DEFAULT_PERIOD_SECONDS = 300;
    static final int DAY_SECONDS = 86_400;

    static final String EC2 = "AWS/EC2";
    static final String RDS = "AWS/RDS";
    static final String S3 = "AWS/S3";
    static final String LAMBDA = "AWS/Lambda";
    static final String API_GATEWAY = "AWS/ApiGateway";
    static final String ALB = "AWS/ApplicationELB";
    /** Derived metric names; the rules read them in any namespace. */
    public static final String ERROR_RATE = "ErrorRate";
    public static final String AVAILABILITY = "Availability";

    private static final Logger LOG = Logger.getLogger(CloudWatchCollector.class);

    /**
     * One SEARCH: the metric {@code metric} of {@code namespace} per value of {@code dimension} (optionally with a
     * second dimension held at one value), as {@code statistic} over {@code period} seconds. {@code samples} says
     * whether its data points become samples as they are (or only feed a derived metric).
     */
    record Search(String id, String namespace, String dimension, String metric, String statistic, int period,
                  boolean samples, String fixedDimension, String fixedValue) {

        Search(String id, String namespace, String dimension, String metric, String statistic, int period,
               boolean samples) {
            this(id, namespace, dimension, metric, statistic, period, samples, null, null);
        }

        String expression() {
            String schema = "{" + namespace + "," + dimension + (fixedDimension == null ? "" : "," + fixedDimension) + "}";
            String terms = "MetricName=\"" + metric + "\""
                    + (fixedDimension == null ? "" : " " + fixedDimension + "=\"" + fixedValue + "\"");
            return "SEARCH('" + schema + " " + terms + "', '" + statistic + "', " + period + ")";
        }

        /** A dynamic label: CloudWatch puts each series' own dimension value in its place. */
        String label() {
            return "${PROP('Dim." + dimension + "')}";
        }

        MetricDataQuery query() {
            return MetricDataQuery.builder().id(id).expression(expression()).label(label()).returnData(true).build();
        }
    }

    static final Search S3_SIZE = new Search("s3_size", S3, "BucketName", "BucketSizeBytes", "Average",
            DAY_SECONDS, true, "StorageType", "StandardStorage");
    static final Search LAMBDA_INVOCATIONS = new Search("lambda_invocations", LAMBDA, "FunctionName", "Invocations",
            "Sum", DAY_SECONDS, false);

    private final int periodSeconds;

    public CloudWatchCollector() {
        this(DEFAULT_PERIOD_SECONDS);
    }

    /** @param periodSeconds the period of the window's metrics: a positive multiple of 60 */
    public CloudWatchCollector(int periodSeconds) {
        if (periodSeconds <= 0 || periodSeconds % 60 != 0) {
            throw new IllegalArgumentException("period must be a positive multiple of 60 seconds: " + periodSeconds);
        }
        this.periodSeconds = periodSeconds;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The searches over the window. */
    List<Search> windowSearches() {
        int p = periodSeconds;
        return List.of(
                new Search("ec2_cpu", EC2, "InstanceId", "CPUUtilization", "Average", p, true),
                new Search("rds_connections", RDS, "DBInstanceIdentifier", "DatabaseConnections", "Average", p, true),
                new Search("apigw_latency", API_GATEWAY, "ApiName", "Latency", "Average", p, true),
                new Search("apigw_5xx", API_GATEWAY, "ApiName", "5XXError", "Sum", p, false),
                new Search("apigw_count", API_GATEWAY, "ApiName", "Count", "Sum", p, false),
                new Search("alb_response_time", ALB, "LoadBalancer", "TargetResponseTime", "Average", p, true),
                new Search("alb_5xx", ALB, "LoadBalancer", "HTTPCode_Target_5XX_Count", "Sum", p, false),
                new Search("alb_requests", ALB, "LoadBalancer", "RequestCount", "Sum", p, false));
    }

    @Override
    public CollectedData collect(AwsClients clients, CollectWindow window) {
        CollectedData data = CollectedData.empty();
        Instant from = window.from();
        Instant to = window.to();
        if (!from.isBefore(to)) {
            return data;
        }
        CloudWatchClient cw = clients.cloudWatch();

        List<Search> searches = windowSearches();
        Map<String, Map<String, NavigableMap<Instant, Double>>> series = fetch(cw, searches, from, to);
        for (Search s : searches) {
            if (s.samples()) {
                addAll(data.metrics(), s.namespace(), s.metric(), series.get(s.id()));
            }
        }
        addRates(data.metrics(), API_GATEWAY, series.get("apigw_5xx"), series.get("apigw_count"));
        addRates(data.metrics(), ALB, series.get("alb_5xx"), series.get("alb_requests"));

        Instant s3From = min(from, to.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2)));
        addAll(data.metrics(), S3, S3_SIZE.metric(), fetch(cw, List.of(S3_SIZE), s3From, to).get(S3_SIZE.id()));

        Instant monthStart = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC).withDayOfMonth(1)
                .atStartOfDay().toInstant(ZoneOffset.UTC);
        Map<String, NavigableMap<Instant, Double>> invocations =
                fetch(cw, List.of(LAMBDA_INVOCATIONS), monthStart, to).get(LAMBDA_INVOCATIONS.id());
        // Stamped with the month's first instant: one sample per function and month, which a later collection
        // updates as the month goes on instead of adding one more sample (and one more alert) every cycle.
        invocations.forEach((function, points) -> data.metrics().add(new MetricSample(LAMBDA,
                LAMBDA_INVOCATIONS.metric(), function, monthStart,
                points.values().stream().mapToDouble(Double::doubleValue).sum(), null)));
        return data;
    }

    /**
     * Runs the searches over one period, following NextToken, and returns every series by query Id, then by
     * resource (the label), then by timestamp. Every query Id is present, with no series when nothing matched.
     */
    static Map<String, Map<String, NavigableMap<Instant, Double>>> fetch(CloudWatchClient cw, List<Search> searches,
                                                                         Instant from, Instant to) {
        Map<String, Map<String, NavigableMap<Instant, Double>>> byId = new LinkedHashMap<>();
        for (Search s : searches) {
            byId.put(s.id(), new TreeMap<>());
        }
        GetMetricDataRequest request = GetMetricDataRequest.builder()
                .metricDataQueries(searches.stream().map(Search::query).toList())
                .startTime(from).endTime(to).scanBy(ScanBy.TIMESTAMP_ASCENDING).build();
        String token = null;
        do {
            GetMetricDataResponse response = cw.getMetricData(request.toBuilder().nextToken(token).build());
            for (MessageData m : response.messages()) {
                LOG.infof("CloudWatch GetMetricData: %s %s", m.code(), m.value());
            }
            for (MetricDataResult r : response.metricDataResults()) {
                Map<String, NavigableMap<Instant, Double>> resources = byId.get(r.id());
                if (resources == null) {
                    throw new IllegalStateException("CloudWatch returned a result for Id '" + r.id()
                            + "', which was not asked for (asked: " + byId.keySet() + ")");
                }
                if (r.statusCode() == StatusCode.INTERNAL_ERROR || r.statusCode() == StatusCode.FORBIDDEN) {
                    throw new IllegalStateException("CloudWatch result '" + r.id() + "' has status "
                            + r.statusCodeAsString() + ": " + r.messages());
                }
                for (MessageData m : r.messages()) {
                    LOG.infof("CloudWatch GetMetricData %s: %s %s", r.id(), m.code(), m.value());
                }
                String resource = r.label();
                if (resource == null || resource.isBlank() || resource.contains("${")) {
                    throw new IllegalStateException("CloudWatch result '" + r.id()
                            + "' has no resource in its label: '" + resource + "'");
                }
                if (r.timestamps().size() != r.values().size()) {
                    throw new IllegalStateException("CloudWatch result '" + r.id() + "' for " + resource + " has "
                            + r.timestamps().size() + " timestamps but " + r.values().size() + " values");
                }
                NavigableMap<Instant, Double> points = resources.computeIfAbsent(resource, k -> new TreeMap<>());
                for (int i = 0; i < r.timestamps().size(); i++) {
                    Instant t = r.timestamps().get(i);
                    Double v = r.values().get(i);
                    if (t == null || v == null) {
                        throw new IllegalStateException("CloudWatch result '" + r.id() + "' for " + resource
                                + " has an empty data point");
                    }
                    points.put(t, v);
                }
            }
            token = response.nextToken();
        } while (token != null && !token.isEmpty());
        return byId;
    }

    private static void addAll(List<MetricSample> out, String namespace, String metric,
                               Map<String, NavigableMap<Instant, Double>> series) {
        series.forEach((resource, points) -> points.forEach((t, v) ->
                out.add(new MetricSample(namespace, metric, resource, t, v, null))));
    }

    /** ErrorRate and Availability per resource and period that had requests. */
    private static void addRates(List<MetricSample> out, String namespace,
                                 Map<String, NavigableMap<Instant, Double>> errors,
                                 Map<String, NavigableMap<Instant, Double>> requests) {
        List<MetricSample> availability = new ArrayList<>();
        requests.forEach((resource, counts) -> counts.forEach((t, count) -> {
            if (count > 0) {
                double failed = errors.getOrDefault(resource, new TreeMap<>()).getOrDefault(t, 0.0);
                double rate = failed / count * 100;
                out.add(new MetricSample(namespace, ERROR_RATE, resource, t, rate, null));
                availability.add(new MetricSample(namespace, AVAILABILITY, resource, t, 100 - rate, null));
            }
        }));
        out.addAll(availability);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
