package io.log2.agents.awsusage.savings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsRequest;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * One resource's metric over the savings period through CloudWatch {@code GetMetricStatistics} (one metric, one
 * statistic, one resource per call, so every figure is plainly that resource's). At most 1,440 data points come
 * back per call: 14 days at an hour are 336.
 */
final class UsageMetrics {

    static final int DAY = 86_400;
    static final int HOUR = 3_600;

    private final CloudWatchClient cloudWatch;
    private final Instant from;
    private final Instant to;

    UsageMetrics(CloudWatchClient cloudWatch, Instant from, Instant to) {
        this.cloudWatch = cloudWatch;
        this.from = from;
        this.to = to;
    }

    /** The statistic's data points by timestamp. */
    NavigableMap<Instant, Double> series(String namespace, String metric, String dimension, String resource,
                                         Statistic statistic, int period) {
        var response = cloudWatch.getMetricStatistics(GetMetricStatisticsRequest.builder()
                .namespace(namespace).metricName(metric)
                .dimensions(Dimension.builder().name(dimension).value(resource).build())
                .startTime(from).endTime(to).period(period).statistics(statistic).build());
        NavigableMap<Instant, Double> points = new TreeMap<>();
        for (Datapoint p : response.datapoints()) {
            Double v = switch (statistic) {
                case AVERAGE -> p.average();
                case SUM -> p.sum();
                case MAXIMUM -> p.maximum();
                case MINIMUM -> p.minimum();
                case SAMPLE_COUNT -> p.sampleCount();
                default -> null;
            };
            if (p.timestamp() != null && v != null) {
                points.put(p.timestamp(), v);
            }
        }
        return points;
    }

    /** Daily data points by UTC day. */
    NavigableMap<LocalDate, Double> daily(String namespace, String metric, String dimension, String resource,
                                          Statistic statistic) {
        NavigableMap<LocalDate, Double> days = new TreeMap<>();
        series(namespace, metric, dimension, resource, statistic, DAY)
                .forEach((t, v) -> days.merge(LocalDate.ofInstant(t, ZoneOffset.UTC), v, Double::sum));
        return days;
    }

    /**
     * The 95th percentile by the nearest-rank method: the value at rank ⌈0.95 × n⌉ of the sorted values; null
     * when there are none.
     */
    static Double p95(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int rank = (int) Math.ceil(0.95 * sorted.size());
        return sorted.get(rank - 1);
    }
}
