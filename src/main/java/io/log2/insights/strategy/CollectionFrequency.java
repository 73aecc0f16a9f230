package io.log2.insights.strategy;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.log2.insights.strategy.ChangeCounts.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * How often each collector should collect, from how fast its stored values change. For a ladder of intervals (5
 * minutes to {@code log2.strategy.longest-interval}, a day by default, and the current one) at or above the data's
 * resolution, it counts the pairs of values of the
 * same series one interval apart and the share that differ by more than {@code log2.strategy.change-tolerance}
 * ({@link ChangeCounts}). Walking up the ladder, the recommended interval is the longest before the first at which
 * more than {@code log2.strategy.max-change-share} of the pairs differ: collecting that often, a value read one
 * collection later is still more likely the same than not, so a longer wait would miss changes the rules look for.
 * When even one resolution step changes more often than that, the data's own resolution is recommended. What
 * collecting costs: Cost Explorer bills $0.01 per request, {@link ChangeCounts#costExplorerRequests()} per
 * collection, 30 days a month; CloudWatch, CloudTrail and the inventory are not billed per request.
 */
@ApplicationScoped
public class CollectionFrequency {

    static final double PRICE_PER_REQUEST = 0.01;
    static final Duration MONTH = Duration.ofDays(30);
    static final List<Duration> LADDER = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3), Duration.ofDays(7));

    /**
     * One collector's advice. The costs are per month, in dollars, null for a collector not billed per request;
     * {@code monthlySaving} is what the recommended interval saves (negative when it costs more).
     */
    public record Advice(String collector, String data, long series, long points, Double resolutionSeconds,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) Duration currentInterval, List<ChangeRate> changes,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) Duration recommendedInterval,
                         Long requestsPerCollection, Double monthlyCostNow, Double monthlyCostRecommended,
                         Double monthlySaving) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    StrategyConfig config;

    /**
     * @param metricsEvery how often CloudWatch is read (the monitoring interval)
     * @param costsEvery   how often Cost Explorer is asked
     */
    public List<Advice> of(Span span, Duration metricsEvery, Duration costsEvery) throws SQLException {
        List<Advice> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            ChangeCounts metrics = new ChangeCounts(c, span, Kind.METRICS);
            out.add(advise("cloudwatch", "metric samples", metrics, metrics.metricResolutionSeconds(), metricsEvery, null));
            ChangeCounts costs = new ChangeCounts(c, span, Kind.COSTS);
            out.add(advise("cost-explorer", "daily cost per account and service", costs,
                    (double) Duration.ofDays(1).toSeconds(), costsEvery, costs.costExplorerRequests()));
        }
        return out;
    }

    private Advice advise(String collector, String data, ChangeCounts counts, Double resolution, Duration current,
                          Long requests) throws SQLException {
        long[] sp = counts.seriesAndPoints();
        List<ChangeRate> changes = new ArrayList<>();
        if (resolution != null && resolution > 0) {
            // one candidate per distinct lag: intervals shorter than the resolution read the same points again
            TreeMap<Integer, Duration> byLag = new TreeMap<>();
            List<Duration> candidates = new ArrayList<>(LADDER);
            candidates.add(current);
            for (Duration d : candidates) {
                if (d.compareTo(config.longestInterval()) > 0 && !d.equals(current)) {
                    continue;
                }
                int lag = (int) (d.toSeconds() / resolution);
                if (lag >= 1) {
                    byLag.merge(lag, d, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
            for (var e : byLag.entrySet()) {
                long[] pairs = counts.pairs(e.getKey(), config.changeTolerance());
                changes.add(ChangeRate.of(e.getValue(), e.getKey(), pairs[0], pairs[1]));
            }
        }
        Duration recommended = Cadence.recommend(changes, config.maxChangeShare(), resolution);
        Double now = requests == null ? null : monthlyCost(requests, current);
        Double then = requests == null || recommended == null ? null : monthlyCost(requests, recommended);
        return new Advice(collector, data, sp[0], sp[1], resolution, current, changes, recommended, requests, now, then,
                now == null || then == null ? null : round(now - then));
    }

    /** Dollars a month for collecting every {@code every}, {@code requests} requests at a time. */
    static double monthlyCost(long requests, Duration every) {
        double collections = MONTH.toSeconds() / (double) Math.max(1, every.toSeconds());
        return round(collections * requests * PRICE_PER_REQUEST);
    }

    private static double round(double dollars) {
        return Math.round(dollars * 100) / 100.0;
    }
}
