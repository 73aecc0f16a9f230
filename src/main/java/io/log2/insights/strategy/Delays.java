package io.log2.insights.strategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The time from events to their findings, in seconds: how many were measured, the median (the middle value, the
 * mean of the two middle ones for an even count), the 95th percentile (nearest rank) and the longest.
 */
public record Delays(int measured, Double medianSeconds, Double p95Seconds, Double maxSeconds) {

    static final Delays NONE = new Delays(0, null, null, null);

    static Delays of(List<Double> seconds) {
        if (seconds.isEmpty()) {
            return NONE;
        }
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        double p95 = sorted.get((int) Math.ceil(0.95 * n) - 1);
        return new Delays(n, median, p95, sorted.get(n - 1));
    }
}
